"""Contracts: findings across agendas, minutes, staff reports and procurement records linked into agreements.

:func:`link_contracts` is the stage the main job runs after analysis; :func:`contract_listing` is what
``alpr-tracker contracts`` prints. See README "Contracts" for the rules.
"""

from tracker.contracts.linker import LinkReport, link_contracts, run_linking
from tracker.contracts.listing import contract_listing

__all__ = ["LinkReport", "contract_listing", "link_contracts", "run_linking"]
