"""Variants for chapter 01, exercise 2: ellipse_params(mean, cov, n_std=2.0)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "ellipse_params-eigh-last-column",
        "what": "As in the stub: eigh (ascending), largest eigenvalue/eigenvector are the last ones, full lengths 2*n_std*sqrt(lambda), angle via np.degrees(np.arctan2(v_y, v_x)), returned as Python floats.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    width = 2.0 * n_std * np.sqrt(vals[-1])
    height = 2.0 * n_std * np.sqrt(vals[0])
    v = vecs[:, -1]
    angle = np.degrees(np.arctan2(v[1], v[0]))
    return float(width), float(height), float(angle)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-eig-argsort",
        "what": "MATLAB-style np.linalg.eig (unordered), sorted explicitly with argsort, real parts taken, major eigenvector's angle by arctan2 in degrees.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    lam, V = np.linalg.eig(np.asarray(cov, dtype=float))
    lam = np.real(lam)
    V = np.real(V)
    order = np.argsort(lam)[::-1]          # descending
    big, small = lam[order[0]], lam[order[1]]
    vx, vy = V[0, order[0]], V[1, order[0]]
    return (float(2 * n_std * big ** 0.5),
            float(2 * n_std * small ** 0.5),
            float(np.arctan2(vy, vx) * 180.0 / np.pi))
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-closed-form-2x2",
        "what": "Closed-form eigenvalues of a symmetric 2x2 matrix, (a+c)/2 +- sqrt(((a-c)/2)^2 + b^2), and the major-axis angle 0.5*atan2(2b, a-c) in degrees (an angle of the major axis, equal mod 180 to the eigenvector's, which the notebook calls equivalent).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    a, b, c = cov[0, 0], cov[0, 1], cov[1, 1]
    centre = 0.5 * (a + c)
    radius = np.hypot(0.5 * (a - c), b)
    lam_max = centre + radius
    lam_min = max(centre - radius, 0.0)
    angle = 0.5 * np.degrees(np.arctan2(2.0 * b, a - c))
    return float(2 * n_std * np.sqrt(lam_max)), float(2 * n_std * np.sqrt(lam_min)), float(angle)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-svd",
        "what": "SVD of the symmetric PSD covariance (singular values descending = eigenvalues), first left singular vector as major axis, angle by arctan2 in degrees.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    U, s, _ = np.linalg.svd(np.asarray(cov, dtype=float))
    major = U[:, 0]
    width = 2 * n_std * np.sqrt(s[0])
    height = 2 * n_std * np.sqrt(s[-1])
    angle_deg = np.rad2deg(np.arctan2(major[1], major[0]))
    return float(width), float(height), float(angle_deg)
''',
    },
    {
        "kind": "correct",
        "id": "ellipse_params-eigh-dict-argmax",
        "what": "eigh, eigen-pairs stored in a dict keyed by eigenvalue rank, argmax/argmin picks, lengths as 2*n_std*sqrt(lambda).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    i_max, i_min = int(np.argmax(vals)), int(np.argmin(vals))
    axes = {"major": (vals[i_max], vecs[:, i_max]), "minor": (vals[i_min], vecs[:, i_min])}
    lam_major, v_major = axes["major"]
    lam_minor, _ = axes["minor"]
    return (float(2 * n_std * np.sqrt(lam_major)),
            float(2 * n_std * np.sqrt(lam_minor)),
            float(np.degrees(np.arctan2(v_major[1], v_major[0]))))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-eigh-first-is-largest",
        "what": "Forgets that eigh sorts ascending and takes vals[0]/vecs[:, 0] as the major axis: width and height swapped and the minor axis' angle returned; violates 'width is the full length of the major axis' and 'np.linalg.eigh returns the eigenvalues ... in ascending order'.",
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
        "id": "ellipse_params-half-lengths",
        "what": "Returns half-axis lengths n_std*sqrt(lambda) instead of full lengths; violates 'width is the full length of the major axis' (2 * n_std * sqrt(largest eigenvalue)).",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, -1]
    return (float(n_std * np.sqrt(vals[-1])), float(n_std * np.sqrt(vals[0])),
            float(np.degrees(np.arctan2(v[1], v[0]))))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-variance-not-std",
        "what": "Uses the eigenvalue (a variance) instead of its square root (a standard deviation): 2*n_std*lambda; right only when the eigenvalues are 1; violates 'width = 2 * n_std * sqrt(largest eigenvalue)'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, -1]
    return (float(2 * n_std * vals[-1]), float(2 * n_std * vals[0]),
            float(np.degrees(np.arctan2(v[1], v[0]))))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-eigvec-row",
        "what": "Uses np.linalg.eig, finds the largest eigenvalue with argmax, but reads its eigenvector as a ROW V[i, :] instead of the column V[:, i] (transpose mix-up): right for diagonal covariances, wrong for tilted ones (-45 instead of 45 for the correlated demo); violates 'the axes point along the eigenvectors v_1, v_2 (columns of V)'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    lam, V = np.linalg.eig(cov)
    lam, V = lam.real, V.real
    i = int(np.argmax(lam))
    j = 1 - i
    v = V[i, :]
    return (float(2 * n_std * np.sqrt(lam[i])), float(2 * n_std * np.sqrt(lam[j])),
            float(np.degrees(np.arctan2(v[1], v[0]))))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-arctan2-swapped",
        "what": "Calls np.arctan2(v_x, v_y) (argument order swapped), which gives 90 - theta: right for the 45-degree demo, wrong for diag(4, 1) (90 instead of 0); violates 'np.degrees(np.arctan2(v_y, v_x))'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, -1]
    return (float(2 * n_std * np.sqrt(vals[-1])), float(2 * n_std * np.sqrt(vals[0])),
            float(np.degrees(np.arctan2(v[0], v[1]))))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-radians",
        "what": "Returns the angle in radians (forgets np.degrees); right only for untilted ellipses (angle 0); violates 'angle_deg the counter-clockwise angle of the major axis in degrees'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, -1]
    return (float(2 * n_std * np.sqrt(vals[-1])), float(2 * n_std * np.sqrt(vals[0])),
            float(np.arctan2(v[1], v[0])))
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-eig-unsorted",
        "what": "Uses np.linalg.eig and assumes its first eigenvalue is the largest: true for diag(4, 1) and for the correlated demo, but eig does not sort (diag(1, 4) returns [1, 4]), so width/height/angle are wrong there; violates 'width is the full length of the major axis'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    lam, V = np.linalg.eig(cov)
    lam, V = lam.real, V.real
    width = 2 * n_std * np.sqrt(lam[0])
    height = 2 * n_std * np.sqrt(lam[1])
    angle = np.degrees(np.arctan2(V[1, 0], V[0, 0]))
    return float(width), float(height), float(angle)
''',
    },
    {
        "kind": "mistake",
        "id": "ellipse_params-nstd-as-variance",
        "what": "Scales the eigenvalue by n_std before the square root, 2*sqrt(n_std*lambda): identical for n_std=1 (the notebook's demo), wrong for the default n_std=2; violates 'the half-length along v_i is r sqrt(lambda_i)' / 'width = 2 * n_std * sqrt(largest eigenvalue)'.",
        "source": '''import numpy as np


def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(cov)
    v = vecs[:, -1]
    width = 2 * np.sqrt(n_std * vals[-1])
    height = 2 * np.sqrt(n_std * vals[0])
    return float(width), float(height), float(np.degrees(np.arctan2(v[1], v[0])))
''',
    },
]
