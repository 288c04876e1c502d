//! Builtins: random numbers (`rand`, `randn`, `randi`, `randperm`, `rng`).
//!
//! The generator is MT19937 seeded with `init_genrand`, producing 53-bit
//! doubles exactly as MATLAB's `rng(seed)` twister and numpy's
//! `RandomState(seed).rand()` do (`rng(42); rand` is 0.3745401188473625).
//! MATLAB's seed 0 (also `rng('default')`) is MT's default seed 5489.
//! `randn` uses numpy's legacy polar method, so `randn` after `rng(s)`
//! matches `RandomState(s).randn()`.

// `Error` is the crate-wide error type (shared, not ours to shrink); every
// builtin returns it, so clippy's size lint is noise here.

use super::util::{nargchk, parse_size, split_class, too_many, ClassOpt, Classes, MAX_NUMEL};
use super::{Builtin, Ctx};
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Struct, Value};

const N: usize = 624;
const M: usize = 397;

/// The generator state behind `rand`/`randn`/`randi`.
pub struct Rng {
    mt: Box<[u32; N]>,
    mti: usize,
    seed: u32,
    /// Second normal deviate cached by the polar method.
    gauss: Option<f64>,
}

impl Default for Rng {
    fn default() -> Self {
        Rng::seeded(0)
    }
}

impl Rng {
    /// MATLAB's `rng(seed)`: seed 0 means MT's default 5489.
    pub fn seeded(seed: u32) -> Rng {
        let mut r = Rng {
            mt: Box::new([0; N]),
            mti: N,
            seed,
            gauss: None,
        };
        r.init(if seed == 0 { 5489 } else { seed });
        r
    }

    fn init(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.mti = N;
        self.gauss = None;
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.mti >= N {
            for k in 0..N {
                let y = (self.mt[k] & UPPER) | (self.mt[(k + 1) % N] & LOWER);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.mti = 0;
        }
        let mut y = self.mt[self.mti];
        self.mti += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// A uniform double in [0, 1) with 53 random bits (genrand_res53).
    pub fn next_f64(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// A standard normal deviate (Marsaglia polar method, numpy legacy order).
    pub fn next_normal(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.next_f64() - 1.0;
            let x2 = 2.0 * self.next_f64() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }
}

pub const TABLE: &[Builtin] = &[
    Builtin {
        name: "rand",
        func: rand,
        calls_back: false,
    },
    Builtin {
        name: "randn",
        func: randn,
        calls_back: false,
    },
    Builtin {
        name: "randi",
        func: randi,
        calls_back: false,
    },
    Builtin {
        name: "randperm",
        func: randperm,
        calls_back: false,
    },
    Builtin {
        name: "rng",
        func: rng,
        calls_back: false,
    },
];

/// Size arguments of rand/randn and the class a trailing class name or
/// `'like', P` asks for; `None` for Octave's `'seed'`/`'state'` forms
/// (handled by seeding).
fn sized(ctx: &mut Ctx, fname: &str, args: &[Value]) -> Result<Option<(Dims, ClassOpt)>> {
    if let [Value::Char(_), v] = args {
        let kw = args[0].to_str(fname)?;
        if matches!(kw.as_str(), "seed" | "state" | "twister") {
            let s = seed_from(fname, v)?;
            ctx.state.rng = Rng::seeded(s);
            return Ok(None);
        }
    }
    let (size_args, class) = split_class(fname, args, Classes::Float)?;
    Ok(Some((parse_size(fname, size_args)?, class)))
}

/// Random reals in the class asked for: `'like'` a complex prototype gives
/// complex values with zero imaginary parts, as MATLAB does.
fn in_class(v: Value, class: ClassOpt) -> Result<Value> {
    match v {
        Value::Num(a) => class.of_doubles(a),
        v => Ok(v),
    }
}

fn seed_from(fname: &str, v: &Value) -> Result<u32> {
    let x = v.scalar_f64(fname)?;
    if !(0.0..4294967296.0).contains(&x) || x.fract() != 0.0 {
        return Err(Error::new(format!(
            "{fname}: SEED must be a non-negative integer below 2^32"
        )));
    }
    Ok(x as u32)
}

fn fill_with(dims: Dims, mut f: impl FnMut() -> f64) -> Result<Value> {
    let n = super::util::checked_numel(dims.as_slice())?;
    let mut v = crate::ops::alloc_vec(n)?;
    for _ in 0..n {
        v.push(f());
    }
    Ok(Value::Num(Array::new(dims, v)))
}

/// rand: uniformly distributed random numbers.
///
/// `X = rand` is a random number drawn uniformly from the open interval
/// (0, 1); `rand(N)` an N-by-N matrix of them, `rand(M, N, ...)` or
/// `rand([M N ...])` an array of that size.
///
/// `X = rand(..., 'single')` or `'double'` chooses the class. The
/// generator is seeded and its state saved and restored with rng.
///
/// ```text
/// >> size(rand(2, 3))
/// ans =
///
///    2   3
/// >> x = rand(1, 1000); all(x > 0 & x < 1)
/// ans = 1
/// ```
fn rand(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match sized(ctx, "rand", &args)? {
        Some((d, class)) => {
            let rng = &mut ctx.state.rng;
            Ok(vec![in_class(fill_with(d, || rng.next_f64())?, class)?])
        }
        None => Ok(vec![]),
    }
}

/// randn: normally distributed random numbers.
///
/// `X = randn` is a random number from the standard normal distribution
/// (mean 0, standard deviation 1); `randn(N)` an N-by-N matrix of them,
/// `randn(M, N, ...)` or `randn([M N ...])` an array of that size.
///
/// `X = randn(..., 'single')` or `'double'` chooses the class. The
/// generator is seeded with rng.
///
/// ```text
/// >> size(randn(3))
/// ans =
///
///    3   3
/// ```
fn randn(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    match sized(ctx, "randn", &args)? {
        Some((d, class)) => {
            let rng = &mut ctx.state.rng;
            Ok(vec![in_class(fill_with(d, || rng.next_normal())?, class)?])
        }
        None => Ok(vec![]),
    }
}

/// randi: random integers.
///
/// `X = randi(IMAX)` is a random integer drawn uniformly from 1 to IMAX;
/// `randi(IMAX, N)`, `randi(IMAX, M, N, ...)` or `randi(IMAX, [M N ...])`
/// an array of them.
///
/// `X = randi([IMIN IMAX], ...)` draws from IMIN to IMAX.
///
/// `X = randi(..., CLASSNAME)` makes an array of that class ('double',
/// 'single', 'int8', ..., 'uint32').
///
/// ```text
/// >> r = randi(5, 1, 100); all(r >= 1 & r <= 5)
/// ans = 1
/// >> class(randi(5, 1, 'int8'))
/// ans = int8
/// ```
fn randi(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    if args.is_empty() {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            "Invalid call to randi",
        ));
    }
    let lim = args[0].to_num_array("randi")?;
    let (lo, hi) = match lim.data() {
        [hi] => (1.0, *hi),
        [lo, hi, ..] => (*lo, *hi),
        [] => return Err(Error::new("randi: require IMAX >= 1")),
    };
    if lo.fract() != 0.0 || hi.fract() != 0.0 || !lo.is_finite() || !hi.is_finite() {
        return Err(Error::new("randi: IMIN and IMAX must be integer bounds"));
    }
    if lim.numel() == 1 && hi < 1.0 {
        return Err(Error::new("randi: require IMAX >= 1"));
    }
    if hi < lo {
        return Err(Error::new("randi: require IMIN <= IMAX"));
    }
    let (size_args, class) = split_class("randi", &args[1..], Classes::FloatOrInteger)?;
    let dims = parse_size("randi", size_args)?;
    let span = hi - lo + 1.0;
    let rng = &mut ctx.state.rng;
    let v = fill_with(dims, || lo + (rng.next_f64() * span).floor())?;
    Ok(vec![in_class(v, class)?])
}

/// randperm: random permutation.
///
/// `P = randperm(N)` is a row with the integers 1 to N in random order.
///
/// `P = randperm(N, K)` is a row of K distinct integers drawn at random
/// from 1 to N.
///
/// ```text
/// >> sort(randperm(5))
/// ans =
///
///    1   2   3   4   5
/// >> p = randperm(10, 3); numel(unique(p))
/// ans = 3
/// ```
fn randperm(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("randperm", args.len(), 1, 2)?;
    let n = args[0].scalar_f64("randperm")?;
    if n < 0.0 || n.fract() != 0.0 || n.is_nan() {
        return Err(Error::new("randperm: M and N must be non-negative"));
    }
    if n > MAX_NUMEL as f64 {
        return Err(too_many(n));
    }
    let n = n as usize;
    let k = match args.get(1) {
        Some(v) => {
            let k = v.scalar_f64("randperm")?;
            if k < 0.0 || k.is_nan() {
                return Err(Error::new("randperm: M and N must be non-negative"));
            }
            if k > n as f64 {
                return Err(Error::new("randperm: M must be less than or equal to N"));
            }
            k as usize
        }
        None => n,
    };
    let rng = &mut ctx.state.rng;
    let mut keys: Vec<(f64, usize)> = crate::ops::alloc_vec(n)?;
    for i in 0..n {
        keys.push((rng.next_f64(), i));
    }
    keys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let out: Vec<f64> = keys.iter().take(k).map(|&(_, i)| (i + 1) as f64).collect();
    Ok(vec![Value::row(out)])
}

/// rng: control the random number generator.
///
/// `rng(SEED)` seeds the generator behind rand, randn, randi and randperm
/// with the nonnegative integer SEED, so that the numbers that follow can
/// be drawn again; `rng('default')` restores the seed flatlab starts with;
/// `rng('shuffle')` seeds from the clock. A generator name such as
/// 'twister' may follow the seed.
///
/// `S = rng` returns the generator's state as a struct (Type, Seed,
/// State); `rng(S)` restores it.
///
/// ```text
/// >> rng(42); a = rand(1, 3); rng(42); b = rand(1, 3); isequal(a, b)
/// ans = 1
/// >> s = rng; x = rand; rng(s); isequal(x, rand)
/// ans = 1
/// ```
fn rng(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("rng", args.len(), 0, 2)?;
    let before = state_struct(&ctx.state.rng);
    if let Some(a) = args.first() {
        let seed = match a {
            Value::Char(_) => match a.to_str("rng")?.as_str() {
                "default" if args.len() == 1 => 0,
                "shuffle" => shuffle_seed(),
                _ => return Err(invalid_rng()),
            },
            Value::Struct(s) => {
                if args.len() > 1 || !s.is_scalar() {
                    return Err(invalid_rng());
                }
                let fields = ["Type", "Seed", "State"];
                if fields.iter().any(|f| s.get(f).is_none()) {
                    return Err(Error::new(
                        "rng: input structure requires \"Type\", \"Seed\", \"State\" fields",
                    ));
                }
                // rng(S) restores the exact stream position saved by S = rng.
                ctx.state.rng = restore(s).ok_or_else(invalid_rng)?;
                return Ok(if ctx.nargout == 0 {
                    vec![]
                } else {
                    vec![before]
                });
            }
            v => seed_from("rng", v).map_err(|_| invalid_rng())?,
        };
        if let Some(gen) = args.get(1) {
            if !gen.is_char() {
                return Err(Error::new("rng: GENERATOR must be a string"));
            }
            let g = gen.to_str("rng")?;
            match g.as_str() {
                "twister" | "v5uniform" | "default" => {}
                "simdTwister" | "combRecursive" | "multFibonacci" | "philox" | "threefry"
                | "v5normal" | "v4" => {
                    return Err(Error::new(format!(
                        "rng: random number generator \"{g}\" is not available in flatlab"
                    )))
                }
                _ => {
                    return Err(Error::new(format!(
                        "rng: unknown random number generator \"{g}\""
                    )))
                }
            }
        }
        ctx.state.rng = Rng::seeded(seed);
        if ctx.nargout == 0 {
            return Ok(vec![]);
        }
    }
    Ok(vec![before])
}

/// A generator from the struct `S = rng` returned.
fn restore(s: &Struct) -> Option<Rng> {
    let seed = s.get("Seed")?.scalar_f64("rng").ok()?;
    let state = s.get("State")?.to_num_array("rng").ok()?;
    let words = state.data();
    if words.len() != N + 1 || !(0.0..4294967296.0).contains(&seed) {
        return None;
    }
    let mut r = Rng::seeded(seed as u32);
    for (slot, &w) in r.mt.iter_mut().zip(words) {
        if !(0.0..4294967296.0).contains(&w) {
            return None;
        }
        *slot = w as u32;
    }
    let mti = words[N];
    if !(0.0..=N as f64).contains(&mti) {
        return None;
    }
    r.mti = mti as usize;
    Some(r)
}

fn invalid_rng() -> Error {
    Error::with_id("Octave:invalid-fun-call", "Invalid call to rng")
}

fn state_struct(r: &Rng) -> Value {
    let mut s = Struct::default();
    s.set("Type", Value::str("twister"));
    s.set("Seed", Value::num(f64::from(r.seed)));
    // The 624 MT words followed by the position in them.
    let mut st: Vec<f64> = r.mt.iter().map(|&x| f64::from(x)).collect();
    st.push(r.mti as f64);
    s.set("State", Value::col(st));
    Value::Struct(Box::new(s))
}

fn shuffle_seed() -> u32 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(1);
    // Fold the nanosecond clock into 32 bits; never 0 (that means default).
    ((t ^ (t >> 32)) as u32) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_numpy_and_matlab() {
        let mut r = Rng::seeded(42);
        assert_eq!(r.next_f64(), 0.3745401188473625);
        assert_eq!(r.next_f64(), 0.9507143064099162);
        // MATLAB's default stream starts 0.8147, 0.9058, 0.1270.
        let mut d = Rng::default();
        assert!((d.next_f64() - 0.8147236863931789).abs() < 1e-15);
        assert!((d.next_f64() - 0.9057919370756192).abs() < 1e-15);
    }

    #[test]
    fn normal_matches_numpy_legacy() {
        // numpy: RandomState(42).randn() -> 0.4967141530112327
        let mut r = Rng::seeded(42);
        assert!((r.next_normal() - 0.4967141530112327).abs() < 1e-12);
        assert!((r.next_normal() - (-0.13826430117118466)).abs() < 1e-12);
    }

    #[test]
    fn builtins_seed_and_bounds() {
        use crate::builtins::math::tests::call;
        // call() starts from a fresh default state each time.
        let r = call(
            "randi",
            vec![
                Value::row(vec![3.0, 5.0]),
                Value::num(50.0),
                Value::num(1.0),
            ],
            1,
        )
        .unwrap();
        let v = r[0].to_num_array("t").unwrap();
        assert_eq!(v.numel(), 50);
        assert!(v
            .data()
            .iter()
            .all(|&x| (3.0..=5.0).contains(&x) && x.fract() == 0.0));
        let p = call("randperm", vec![Value::num(6.0)], 1).unwrap();
        let mut q = p[0].to_num_array("t").unwrap().into_vec();
        q.sort_by(f64::total_cmp);
        assert_eq!(q, vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        let e = call("randi", vec![Value::num(0.0)], 1).unwrap_err();
        assert_eq!(e.message, "randi: require IMAX >= 1");
        let mut r = Rng::seeded(7);
        r.next_f64();
        let s = match state_struct(&r) {
            Value::Struct(s) => s,
            _ => unreachable!(),
        };
        let mut back = restore(&s).unwrap();
        assert_eq!(back.next_f64(), r.next_f64());
        let m = call("rand", vec![Value::num(2.0), Value::num(3.0)], 1).unwrap();
        assert_eq!(m[0].dims().as_slice(), &[2, 3]);
        assert_eq!(
            m[0].to_num_array("t").unwrap().data()[0],
            0.8147236863931789
        );
    }
}
