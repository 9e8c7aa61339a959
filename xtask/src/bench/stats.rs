//! Medians, spreads and ratios of timing samples.

/// A sample's median with its spread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// First and third quartiles, interpolated linearly.
    pub q1: f64,
    pub q3: f64,
    pub n: usize,
}

impl Summary {
    /// The summary of `samples`, or `None` when there are none (or any is not a number).
    pub fn of(samples: &[f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Summary {
            median: quantile(&sorted, 0.5),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            q1: quantile(&sorted, 0.25),
            q3: quantile(&sorted, 0.75),
            n: sorted.len(),
        })
    }
}

/// The `q` quantile of sorted, non-empty `sorted`, interpolating between neighbours.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
}

/// Round-by-round ratios `a[i] / b[i]` of two series sampled alternately; extra samples of the
/// longer series are ignored.
pub fn paired_ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).filter(|(_, b)| **b > 0.0).map(|(a, b)| a / b).collect()
}

/// A duration in nanoseconds, in the unit that keeps three significant digits readable.
pub fn duration(ns: f64) -> String {
    if ns >= 1e9 {
        format!("{:.2} s", ns / 1e9)
    } else if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `median (min–max)` of durations in nanoseconds.
pub fn duration_cell(summary: &Summary) -> String {
    format!("{} ({}–{})", duration(summary.median), duration(summary.min), duration(summary.max))
}

/// `median× (min–max)` of ratios.
pub fn ratio_cell(summary: &Summary) -> String {
    format!("{:.2}× ({:.2}–{:.2})", summary.median, summary.min, summary.max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_count_median_is_the_middle_sample() {
        let s = Summary::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.n), (3.0, 1.0, 5.0, 3));
    }

    #[test]
    fn even_count_median_interpolates() {
        let s = Summary::of(&[4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert_eq!((s.q1, s.q3), (1.75, 3.25));
    }

    #[test]
    fn no_samples_or_nan_has_no_summary() {
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn ratios_pair_rounds_and_skip_zero_divisors() {
        assert_eq!(paired_ratios(&[2.0, 9.0, 4.0], &[1.0, 0.0]), vec![2.0]);
        assert_eq!(paired_ratios(&[3.0, 8.0], &[6.0, 2.0]), vec![0.5, 4.0]);
    }

    #[test]
    fn durations_pick_their_unit() {
        assert_eq!(duration(999.0), "999 ns");
        assert_eq!(duration(1_500.0), "1.5 µs");
        assert_eq!(duration(12_340_000.0), "12.3 ms");
        assert_eq!(duration(2_345_000_000.0), "2.35 s");
        let s = Summary::of(&[1e6, 2e6, 4e6]).unwrap();
        assert_eq!(duration_cell(&s), "2.0 ms (1.0 ms–4.0 ms)");
        assert_eq!(ratio_cell(&Summary::of(&[0.5, 1.0, 2.0]).unwrap()), "1.00× (0.50–2.00)");
    }
}
