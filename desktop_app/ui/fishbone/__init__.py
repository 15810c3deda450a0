"""The fishbone (Ishikawa) canvas and the 5 Whys panel of step 5, reusable wherever a document is open."""
