import sys

from showcase.cli import main
from showcase.parallel import spare_final_collection

code = main()
spare_final_collection()
sys.exit(code)
