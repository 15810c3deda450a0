"""The seven-step postmortem wizard: step list, pages, navigation."""
