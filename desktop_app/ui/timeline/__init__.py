"""The timeline editor: a reorderable table of events with drag-and-drop, keyboard moves and undo."""
