"""The competence gap report, its exports and charts, and the lead's start-page panel."""
