import sys, shutil, os, glob
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbgen import *
H = os.path.join(os.environ["HOSTILE_ROOT"], "honest_partial")
shutil.rmtree(H, ignore_errors=True); os.makedirs(H)
nb = starter("01"); set_exercise(nb, "log_gaussian_pdf", LGP); set_exercise(nb, "ellipse_params", ELL); save(nb, f"{H}/01_gaussian.ipynb")
nb = starter("02"); set_exercise(nb, "logsumexp", LSE); save(nb, f"{H}/02_logsumexp.ipynb")
nb = starter("07"); set_exercise(nb, "n_parameters", NPAR); bic_aic_cell(nb); save(nb, f"{H}/07_model_selection.ipynb")
