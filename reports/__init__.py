"""Reports for evaluators: static HTML with screenshots, plus machine-readable exports."""
