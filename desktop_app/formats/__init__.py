"""Import and export that need no Qt: Markdown, JSON, PDF (reportlab)."""
