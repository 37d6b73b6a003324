from . import test_contact_keys
from . import test_normalize
from . import test_ui
from . import test_duplicates
