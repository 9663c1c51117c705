import sys

from .cli_early import start_reading

start_reading(sys.argv[1:])   # the list goes to the worker while the command imports pandas

from .cli import main  # noqa: E402 - after the early start on purpose

main()
