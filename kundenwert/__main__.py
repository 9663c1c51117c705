import sys

from .cli_start import discard, start_early

start_early(sys.argv[1:])   # the input file goes to the worker before the command imports pandas
try:
    from .cli import main

    main()
finally:
    discard()
