"""The kurspott: budgets per unit and year, applications for external courses, decisions."""
