"""Application bootstrap: QApplication, settings, translations, theme, entry points."""
