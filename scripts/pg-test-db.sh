#!/usr/bin/env bash
# Start the machine's PostgreSQL 15 cluster and create the test role and database (idempotent).
# Prints the URL to export as ECERT_TEST_POSTGRES_URL.
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main .*online'; then
  pg_ctlcluster 15 main start
fi
for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q"; then break; fi
  sleep 1
done
psql_do() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }
if [ "$(psql_do "SELECT 1 FROM pg_roles WHERE rolname='ecert'")" != "1" ]; then
  psql_do "CREATE ROLE ecert LOGIN PASSWORD 'ecert-test'"
fi
if [ "$(psql_do "SELECT 1 FROM pg_database WHERE datname='ecert_test'")" != "1" ]; then
  psql_do "CREATE DATABASE ecert_test OWNER ecert"
fi
echo "postgresql://ecert:ecert-test@127.0.0.1:5432/ecert_test"
