from troly.cli import main

raise SystemExit(main())
