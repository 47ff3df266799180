"""Training-needs assessment: rounds, self-assessments, training needs and the training plan."""
