from kim.accounts.roles import Capability
from kim.core.access import capability_required

manage_region_required = capability_required(Capability.MANAGE_REGION)
