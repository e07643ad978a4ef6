import sys

from jingwen.cli import main

sys.exit(main())
