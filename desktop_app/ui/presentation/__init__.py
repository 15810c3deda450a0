"""Presentation (facilitator) mode: the open postmortem full screen for the review meeting."""
