from . import normalize
from . import lead_file_reader
