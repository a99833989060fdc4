"""Browser gatherers: headless Chromium for what the methodology judges as a person sees it."""
