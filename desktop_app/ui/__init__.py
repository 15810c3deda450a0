"""Everything Qt: main window, library, wizard pages."""
