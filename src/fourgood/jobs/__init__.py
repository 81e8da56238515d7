"""The jobs behind ``fourgood.api``: one module per kind of work, each function a door that
takes plain arguments, returns a result object, prints nothing and raises
``errors.FourgoodError``. The command line and the Excel-side scripts both call them."""
