//! One deterministic generator for the unit tests (xorshift64), so a
//! failing case reproduces from its seed, with the special doubles (NaN,
//! ±Inf, ±0) that kernels must treat as MATLAB does mixed into its numbers.

use crate::value::{Array, Dims};

/// xorshift64 from a seed.
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0, which xorshift never leaves, is
    /// replaced by a fixed odd constant).
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Below `n` (`n` of 0 counts as 1).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index below `n` (`n` of 0 counts as 1).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.index(xs.len())]
    }

    /// One of NaN, Inf, -Inf, 0 and -0, alike likely.
    pub(crate) fn special(&mut self) -> f64 {
        match self.next() % 5 {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            3 => 0.0,
            _ => -0.0,
        }
    }

    /// A double: with chance `special`/64 a special value, else one of
    /// `levels` values an eighth apart around zero (few levels: many ties).
    pub(crate) fn num(&mut self, special: u64, levels: u64) -> f64 {
        if self.next() % 64 < special {
            self.special()
        } else {
            (self.below(levels) as f64 - (levels / 2) as f64) / 8.0
        }
    }

    /// An array of `dims` of [`Rng::num`]s.
    pub(crate) fn array(&mut self, dims: &[usize], special: u64, levels: u64) -> Array<f64> {
        let d = Dims::new(dims);
        let v = (0..d.numel()).map(|_| self.num(special, levels)).collect();
        Array::new(d, v)
    }

    /// `n` logicals, each true with chance `density`/64.
    pub(crate) fn mask(&mut self, n: usize, density: u64) -> Vec<bool> {
        (0..n).map(|_| self.next() % 64 < density).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_mix_specials_at_the_asked_rate_and_repeat_from_a_seed() {
        let draw = |seed| {
            let mut r = Rng::new(seed);
            (0..6400).map(|_| r.num(16, 41)).collect::<Vec<f64>>()
        };
        let a = draw(5);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a), bits(&draw(5)));
        assert_ne!(bits(&a), bits(&draw(6)));
        let special = a.iter().filter(|x| !x.is_finite() || **x == 0.0).count();
        // 16 in 64 special, plus the ordinary zero (1 in 41 of the rest).
        assert!((1200..2200).contains(&special), "{special}");
        assert!(
            a.iter().any(|x| x.is_nan()) && a.iter().any(|x| x.is_sign_negative() && *x == 0.0)
        );
        let ordinary: Vec<f64> = a.iter().copied().filter(|x| x.is_finite()).collect();
        assert!(ordinary
            .iter()
            .all(|x| (x * 8.0).fract() == 0.0 && x.abs() <= 2.5));
        assert_eq!(Rng::new(0).next(), Rng::new(0x9E37_79B9_7F4A_7C15).next());
    }
}
