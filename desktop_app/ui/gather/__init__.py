"""Step 2 helpers that gather raw material: building timeline events from chat and logs."""
