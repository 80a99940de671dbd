from diplograph.cli import main

if __name__ == "__main__":  # importing the module (pytest --doctest-modules) runs nothing
    raise SystemExit(main())
