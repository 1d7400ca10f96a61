"""The scanning package's web routes, for the app factories to include."""

from fastapi import APIRouter

from scanning.review import router as review_router

__all__ = ["router"]

router = APIRouter()
router.include_router(review_router)
