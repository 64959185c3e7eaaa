"""``python -m common.grading``: see common/grading/cli.py."""
import sys

from common.grading.cli import main

sys.exit(main())
