"""Statistics with no knowledge of the store: intervals, differences, scale reliability and
agreement between coders. Each function names its method; each is tested against an independent
implementation (statsmodels, scipy, pingouin, krippendorff) or a hand-computed case.

>>> from workbench.stats import wilson_interval
"""

import lazy_loader as _lazy

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submod_attrs={
    "intervals": ["Estimate", "Z95", "bootstrap_interval", "diff_means_from_summary",
                  "diff_means_independent", "diff_means_paired", "diff_proportions",
                  "mean_interval", "proportion_interval", "t_interval", "wilson_interval"],
    "reliability": ["ALPHA_LOW", "ScaleAlpha", "agreement_flag", "alpha_from_pair_sums",
                    "alpha_pair_sums", "alpha_warning", "cronbach_alpha", "scale_alpha"],
    "agreement": ["agreement_by_code", "cohen_kappa", "krippendorff_alpha", "reliability_matrix"],
    "persons": ["FullCount", "bounded_interval", "clopper_pearson_interval", "composition",
                "count_of_list", "mean_from_sums", "mean_of_persons", "person_scores",
                "standardised_mean"],
    "panel": ["clustered_mean", "clustered_mean_from_sums", "wave_change",
              "wave_change_from_sums"],
})
