"""SQLAlchemy persistence of postmortems (SQLite by default), with Alembic migrations."""
