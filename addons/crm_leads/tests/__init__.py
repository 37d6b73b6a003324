from . import test_contact_keys
from . import test_normalize
from . import test_ui
from . import test_duplicates
from . import test_collisions
from . import test_lead_form
from . import test_assignment
from . import test_conversion
