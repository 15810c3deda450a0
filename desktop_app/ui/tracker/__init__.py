"""The follow-up tracker: every postmortem's action items in one filterable, editable table."""
