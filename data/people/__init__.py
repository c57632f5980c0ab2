"""People and what they may do: the viewer's scope, accounts, the audit trail, data entry and sign-off."""
