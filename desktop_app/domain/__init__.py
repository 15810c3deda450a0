"""Pure domain: pydantic models and rules, no Qt, no database, no PDF."""
