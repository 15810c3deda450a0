"""Reusable widgets shared by the wizard pages and the main window."""
