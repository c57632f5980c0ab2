"""The council plan and the risk register: objectives under priorities, one action model (plan actions,
intervention actions, risk mitigations) with progress history and milestones, risks and their 5x5 matrix, and the
golden thread from a priority to its measures and back. No web framework here."""
