"""Shared foundation: settings, database, registry models, domain rules, credentials, audit."""
