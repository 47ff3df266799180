"""New-hire onboarding: templates per position, checklists, confirmations and sign-offs."""
