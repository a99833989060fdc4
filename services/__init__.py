"""Service journeys (issue #17): the public-service catalogue, scripted browser journeys from the entry page to
the authentication wall, the service-card checklist, and the module's own scores (never mixed into scoring/)."""
