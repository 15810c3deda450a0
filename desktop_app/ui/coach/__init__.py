"""The review coach panel: findings per step with scores, click to go to the field, dismiss with a reason."""
