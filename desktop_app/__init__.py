"""Hindsight: blameless incident postmortems on the desktop."""

__version__ = "0.1.0"
APP_NAME = "Hindsight"
APP_ID = "org.hindsight.Hindsight"
