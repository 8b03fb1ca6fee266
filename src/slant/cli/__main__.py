import sys

from slant.cli.main import main

sys.exit(main())
