"""Variants of chapter 01 exercise 2: ellipse_params(mean, cov, n_std=2.0)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "ellipse_params-eigh-last-column",
        "what": "np.linalg.eigh, takes the last (largest) eigenvalue and the last column as the major axis, returns Python floats.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(np.asarray(cov, dtype=float))
    major = vecs[:, -1]
    width = 2.0 * n_std * np.sqrt(vals[-1])
    height = 2.0 * n_std * np.sqrt(vals[0])
    angle = np.degrees(np.arctan2(major[1], major[0]))
    return float(width), float(height), float(angle)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-eigh-argmax",
        "what": "Uses argmax/argmin of the eigenvalues instead of relying on the ascending order, clips tiny negative eigenvalues at 0 before the square root.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    eigenvalues = np.clip(eigenvalues, 0.0, None)
    i_max = int(np.argmax(eigenvalues))
    i_min = int(np.argmin(eigenvalues))
    vx, vy = eigenvectors[0, i_max], eigenvectors[1, i_max]
    width = 2 * n_std * np.sqrt(eigenvalues[i_max])
    height = 2 * n_std * np.sqrt(eigenvalues[i_min])
    angle_deg = np.degrees(np.arctan2(vy, vx))
    return float(width), float(height), float(angle_deg)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-angle-mod-180",
        "what": "Like the eigh solution but normalises the angle into [0, 180) with % 180, which the text says is the same ellipse ('45 degrees (or, equivalently, -135 degrees)').",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    lam, V = np.linalg.eigh(cov)
    small, large = lam
    v = V[:, 1]
    angle = np.degrees(np.arctan2(v[1], v[0])) % 180.0
    return float(2 * n_std * np.sqrt(large)), float(2 * n_std * np.sqrt(small)), float(angle)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-eig-sorted",
        "what": "Uses the general np.linalg.eig, sorts the (real) eigenvalues descending with argsort and takes the matching eigenvector column.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eig(np.asarray(cov, dtype=float))
    vals = np.real(vals)
    vecs = np.real(vecs)
    order = np.argsort(vals)[::-1]
    vals = vals[order]
    vecs = vecs[:, order]
    width = 2 * n_std * np.sqrt(vals[0])
    height = 2 * n_std * np.sqrt(vals[1])
    angle_deg = np.degrees(np.arctan2(vecs[1, 0], vecs[0, 0]))
    return float(width), float(height), float(angle_deg)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-svd",
        "what": "For a symmetric positive-definite matrix the SVD equals the eigen-decomposition with singular values in descending order; uses U[:, 0] as the major axis.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    U, s, _ = np.linalg.svd(np.asarray(cov, dtype=float))
    width = 2.0 * n_std * np.sqrt(s[0])
    height = 2.0 * n_std * np.sqrt(s[-1])
    angle = np.degrees(np.arctan2(U[1, 0], U[0, 0]))
    return float(width), float(height), float(angle)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-closed-form-2x2",
        "what": "Closed-form eigenvalues of a symmetric 2x2 matrix and the major-axis angle 0.5*atan2(2b, a-c); same ellipse (angle differs from eigh's by a multiple of 180 degrees at most).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    a, b, c = float(cov[0][0]), float(cov[0][1]), float(cov[1][1])
    centre = 0.5 * (a + c)
    radius = np.hypot(0.5 * (a - c), b)
    lam_max = centre + radius
    lam_min = max(centre - radius, 0.0)
    angle = 0.5 * np.degrees(np.arctan2(2.0 * b, a - c))
    return float(2 * n_std * np.sqrt(lam_max)), float(2 * n_std * np.sqrt(lam_min)), float(angle)
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "ellipse_params-ascending-order-swapped",
        "what": "Forgets that eigh sorts ascending: uses eigenvalue 0 for the width and 1 for the height (and eigenvector 0 for the angle), so width is the MINOR axis and the angle is off by 90 degrees; violates 'width is the full length of the major axis'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width = 2 * n_std * np.sqrt(vals[0])
    height = 2 * n_std * np.sqrt(vals[1])
    angle = np.degrees(np.arctan2(vecs[1, 0], vecs[0, 0]))
    return float(width), float(height), float(angle)
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-smallest-eigenvector-angle",
        "what": "Gets the lengths right but takes the angle from vecs[:, 0], the eigenvector of the SMALLEST eigenvalue; violates 'angle_deg the counter-clockwise angle of the major axis'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, 0]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(v[1], v[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-half-lengths",
        "what": "Returns the half-lengths n_std*sqrt(lambda); violates 'width and height are *full* axis lengths' / '2 * n_std * sqrt(largest eigenvalue)'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, -1]
    width = n_std * np.sqrt(vals[-1])
    height = n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(major[1], major[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-no-sqrt",
        "what": "Uses the eigenvalues (variances) instead of their square roots (standard deviations) for the axis lengths; violates 'the half-length along v_i is r sqrt(lambda_i)'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, -1]
    width = 2 * n_std * vals[-1]
    height = 2 * n_std * vals[0]
    return float(width), float(height), float(np.degrees(np.arctan2(major[1], major[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-radians",
        "what": "Returns np.arctan2 in radians; violates 'angle is in **degrees**'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, -1]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.arctan2(major[1], major[0]))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-eig-assumed-ascending",
        "what": "Uses np.linalg.eig but indexes as if it sorted like eigh (vals[-1], vecs[:, -1] taken as the largest); eig returns the eigenvalues in no particular order, so about half the covariances get width and height swapped and the minor-axis angle; violates 'width is the full length of the **major** axis' (the ascending-order remark is about eigh).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eig(cov)
    major = vecs[:, -1]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(major[1], major[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-eigen-of-precision",
        "what": "Decomposes the precision np.linalg.inv(cov), because the ellipse is written with Sigma^{-1}, and uses its eigenvalues as if they were Sigma's; violates 'Its geometry comes from the eigen-decomposition Sigma = V Lambda V^T' (axes come out as 2 r / sqrt(lambda) of the wrong matrix).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    precision = np.linalg.inv(cov)
    vals, vecs = np.linalg.eigh(precision)
    major = vecs[:, -1]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(major[1], major[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-arctan2-args-swapped",
        "what": "Calls np.arctan2(v_x, v_y), i.e. the angle from the y axis measured clockwise; violates 'theta = atan2(v_{1,y}, v_{1,x})', the counter-clockwise angle from the x axis.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    vx, vy = vecs[:, -1]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(vx, vy)))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-diagonal-only",
        "what": "Reads the axis lengths off the diagonal standard deviations and never tilts (angle 0); ignores the correlation, violates 'Its geometry comes from the eigen-decomposition' (the correlated example should be at 45 degrees).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    sx, sy = np.sqrt(np.diag(cov))
    width = 2 * n_std * max(sx, sy)
    height = 2 * n_std * min(sx, sy)
    angle = 0.0 if sx >= sy else 90.0
    return float(width), float(height), angle
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-n-std-under-root",
        "what": "Treats n_std as a squared radius, 2*sqrt(n_std*lambda); violates 'the half-length along v_i is r sqrt(lambda_i)' with r = n_std the Mahalanobis radius (right only for n_std = 1).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, -1]
    width = 2 * np.sqrt(n_std * vals[-1])
    height = 2 * np.sqrt(n_std * vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(major[1], major[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-clockwise-angle",
        "what": "Negates the angle thinking matplotlib measures clockwise; violates '`angle` is in **degrees**, counter-clockwise' (45 degrees becomes -45 = 135 mod 180).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    major = vecs[:, -1]
    width = 2 * n_std * np.sqrt(vals[-1])
    height = 2 * n_std * np.sqrt(vals[0])
    return float(width), float(height), float(-np.degrees(np.arctan2(major[1], major[0])))
''',
    },
]
