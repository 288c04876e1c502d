//! Number theory on doubles holding integers: `gcd`, `lcm`, `factorial`,
//! `nchoosek`, `primes`, `isprime`.

use super::super::util::{alloc_vec, nargchk, too_many, zip_map, MAX_NUMEL};
use super::super::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, Value};

fn int_arrays(fname: &str, args: &[Value]) -> Result<Vec<Array<f64>>> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        if let Value::Struct(_) = a {
            return Err(Error::wrong_type(fname, "scalar struct"));
        }
        let arr = a.to_num_array(fname)?;
        if arr
            .data()
            .iter()
            .any(|x| x.fract() != 0.0 || !x.is_finite())
        {
            return Err(Error::new(format!("{fname}: all values must be integers")));
        }
        out.push(arr);
    }
    Ok(out)
}

fn gcd2(a: f64, b: f64) -> f64 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b > 0.0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

fn lcm2(a: f64, b: f64) -> f64 {
    if a == 0.0 || b == 0.0 {
        return 0.0;
    }
    // Octave keeps the sign this way: lcm(-4, 6) is -12.
    (a / gcd2(a, b)) * b
}

fn fold(fname: &str, args: Vec<Value>, f: fn(f64, f64) -> f64) -> Result<Vec<Value>> {
    if args.len() < 2 {
        return Err(Error::with_id(
            "Octave:invalid-fun-call",
            format!("Invalid call to {fname}"),
        ));
    }
    let arrs = int_arrays(fname, &args)?;
    let mut it = arrs.into_iter();
    let mut acc = it.next().ok_or_else(|| Error::nargin(fname))?;
    for b in it {
        acc = zip_map(fname, &acc, &b, |&x, &y| f(x, y))?;
    }
    Ok(vec![Value::Num(acc)])
}

/// gcd: greatest common divisor.
///
/// `g = gcd(a, b)` returns the greatest common divisor of corresponding
/// elements of a and b, which must be integer-valued (compatible sizes; a
/// scalar combines with each element). gcd(0, 0) is 0; the result is
/// nonnegative.
///
/// `g = gcd(a1, a2, a3, ...)` folds over all arguments.
///
/// ```text
/// >> gcd(12, 18)
/// ans = 6
/// >> gcd([12 9 7], 6)
/// ans =
///
///    6   3   1
/// >> gcd(24, 36, 60)
/// ans = 12
/// ```
pub fn gcd(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    fold("gcd", args, gcd2)
}

/// lcm: least common multiple.
///
/// `L = lcm(A, B)` is the least common multiple of corresponding elements
/// of the integer-valued arrays A and B (with implicit expansion);
/// `lcm(A, B, C, ...)` takes the multiple of all of them.
///
/// ```text
/// >> lcm(4, 6)
/// ans = 12
/// >> lcm([4 3], [6 9])
/// ans =
///
///    12    9
/// ```
pub fn lcm(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    fold("lcm", args, lcm2)
}

fn factorial_of(n: f64) -> f64 {
    if n > 170.0 {
        return f64::INFINITY;
    }
    let mut p = 1.0;
    let mut k = 2.0;
    while k <= n {
        p *= k;
        k += 1.0;
    }
    p
}

/// factorial: factorial of nonnegative integers.
///
/// `f = factorial(n)` returns n! = prod(1:n) for each element of n, which
/// must be nonnegative integers; factorial(0) is 1. Results beyond 170! are
/// Inf; above 21! they are rounded to double precision.
///
/// ```text
/// >> factorial(5)
/// ans = 120
/// >> factorial([0 1 2 3 4])
/// ans =
///
///     1    1    2    6   24
/// ```
pub fn factorial(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("factorial", args.len(), 1, 1)?;
    let bad = || Error::new("factorial: all N must be real non-negative integers");
    if args[0].is_complex() || matches!(args[0], Value::Struct(_)) {
        return Err(bad());
    }
    let a = args[0].to_num_array("factorial")?;
    if a.data()
        .iter()
        .any(|&x| x < 0.0 || x.fract() != 0.0 || x.is_nan())
    {
        return Err(bad());
    }
    Ok(vec![Value::Num(a.map(|&x| factorial_of(x)))])
}

/// Binomial coefficient by the multiplicative formula, exact while it fits.
fn binom(n: f64, k: f64) -> f64 {
    let k = k.min(n - k);
    let mut r = 1.0;
    let mut i = 1.0;
    while i <= k {
        r = r * (n - k + i) / i;
        if !r.is_finite() {
            break;
        }
        i += 1.0;
    }
    r.round()
}

/// nchoosek: binomial coefficient, or all combinations.
///
/// `C = nchoosek(N, K)` for scalars is the number of ways to choose K
/// items out of N, N!/(K!(N-K)!).
///
/// `C = nchoosek(V, K)` for a vector V returns every combination of K of
/// its elements, one per row, in lexicographic order of position.
///
/// ```text
/// >> nchoosek(5, 2)
/// ans = 10
/// >> nchoosek([1 2 3], 2)
/// ans =
///
///    1   2
///    1   3
///    2   3
/// ```
pub fn nchoosek(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("nchoosek", args.len(), 2, 2)?;
    let v = &args[0];
    if !v.dims().is_vector() && v.numel() != 1 {
        return Err(Error::new(
            "nchoosek: first argument must be a scalar or a vector",
        ));
    }
    let k_err = || Error::new("nchoosek: K must be an integer >= 0");
    let kv = &args[1];
    if kv.numel() != 1
        || matches!(
            kv,
            Value::Complex(_) | Value::SingleComplex(_) | Value::Cell(_) | Value::Struct(_)
        )
    {
        return Err(k_err());
    }
    let k = kv.scalar_f64("nchoosek")?;
    if k.is_nan() || k < 0.0 || k.fract() != 0.0 {
        return Err(k_err());
    }
    let numeric = v.class().is_numeric();
    if v.numel() == 1 && numeric {
        let n_err = || Error::new("nchoosek: N must be a non-negative integer >= K");
        if matches!(v, Value::Complex(_) | Value::SingleComplex(_)) {
            return Err(n_err());
        }
        let n = v.scalar_f64("nchoosek")?;
        if n < k || n.fract() != 0.0 || n < 0.0 {
            return Err(n_err());
        }
        let c = binom(n, k);
        // The count is of an integer class when N or K is.
        let int_class = [v, kv]
            .into_iter()
            .map(|x| x.class())
            .find(|c| c.is_integer());
        return match int_class {
            Some(class) => {
                let r = crate::ops::classes::convert(&Value::num(c), class)?;
                if crate::ops::classes::convert(&r, crate::value::Class::Double)? != Value::num(c) {
                    crate::error::warn_id(
                        "Octave:nchoosek:large-output-integer",
                        "nchoosek: result may have saturated at intmax",
                    );
                }
                Ok(vec![r])
            }
            None => {
                if c > 9007199254740992.0 {
                    crate::error::warn_id(
                        "Octave:nchoosek:large-output-float",
                        "nchoosek: possible loss of precision",
                    );
                }
                let r = Value::num(c);
                match v {
                    Value::Single(_) => Ok(vec![crate::ops::classes::convert(
                        &r,
                        crate::value::Class::Single,
                    )?]),
                    _ => Ok(vec![r]),
                }
            }
        };
    }
    // All k-combinations of the elements of a vector (of any class), one
    // per row, in lexicographic order of positions.
    let n = v.numel();
    if k > n as f64 {
        return Ok(vec![crate::builtins::reduce::gather(
            v,
            &[],
            Dims::mat(0, k.min(1e9) as usize),
        )]);
    }
    let k = k as usize;
    let rows = binom(n as f64, k as f64);
    if rows * k as f64 > MAX_NUMEL as f64 {
        return Err(too_many(rows * k as f64));
    }
    let rows = rows as usize;
    let mut sel = alloc_vec(rows * k, 0usize)?;
    let mut idx: Vec<usize> = (0..k).collect();
    for r in 0..rows {
        for (c, &i) in idx.iter().enumerate() {
            if let Some(slot) = sel.get_mut(r + c * rows) {
                *slot = i;
            }
        }
        // Next combination.
        let mut p = k;
        while p > 0 {
            p -= 1;
            if idx[p] < n - k + p {
                idx[p] += 1;
                for q in p + 1..k {
                    idx[q] = idx[q - 1] + 1;
                }
                break;
            }
        }
    }
    let dims = if k == 0 {
        Dims::mat(1, 0)
    } else {
        Dims::mat(rows, k)
    };
    Ok(vec![crate::builtins::reduce::gather(v, &sel, dims)])
}

/// primes: prime numbers up to a limit.
///
/// `P = primes(N)` is a row of the prime numbers less than or equal to N
/// (of the class of N).
///
/// ```text
/// >> primes(20)
/// ans =
///
///     2    3    5    7   11   13   17   19
/// ```
pub fn primes(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("primes", args.len(), 1, 1)?;
    if args[0].numel() != 1
        || matches!(
            args[0],
            Value::Complex(_) | Value::SingleComplex(_) | Value::Cell(_) | Value::Struct(_)
        )
    {
        return Err(Error::new("primes: N must be a real scalar"));
    }
    let n = args[0].scalar_f64("primes")?;
    if n.is_nan() || n == f64::INFINITY {
        return Err(Error::new("primes: N must be finite (not +Inf or NaN)"));
    }
    if n < 2.0 || n.is_nan() {
        return Ok(vec![Value::Num(Array::empty_with(Dims::mat(1, 0)))]);
    }
    if n > MAX_NUMEL as f64 {
        return Err(too_many(n));
    }
    let n = n.floor() as usize;
    let mut sieve = alloc_vec(n + 1, true)?;
    let mut out = Vec::new();
    for i in 2..=n {
        if sieve[i] {
            out.push(i as f64);
            let mut j = i * i;
            while j <= n {
                sieve[j] = false;
                j += i;
            }
        }
    }
    // Primes below an integer or single bound are of its class.
    let p = Value::row(out);
    match &args[0] {
        Value::Int(_) | Value::Single(_) => {
            Ok(vec![crate::ops::classes::convert(&p, args[0].class())?])
        }
        _ => Ok(vec![p]),
    }
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn pow_mod(mut b: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1u64;
    b %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b, m);
        }
        b = mul_mod(b, b, m);
        e >>= 1;
    }
    r
}

/// Deterministic Miller-Rabin for 64-bit integers (|x| of an integer double).
fn is_prime(x: f64) -> bool {
    let x = x.abs();
    // Doubles at or above 2^64 are multiples of large powers of two.
    if !(2.0..18446744073709551616.0).contains(&x) {
        return false;
    }
    is_prime_u64(x as u64)
}

/// Deterministic Miller-Rabin (these 12 witnesses decide every n < 2^64).
fn is_prime_u64(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    for p in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        if n % p == 0 {
            return n == p;
        }
    }
    let (mut d, mut s) = (n - 1, 0);
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'witness: for a in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        let mut y = pow_mod(a, d, n);
        if y == 1 || y == n - 1 {
            continue;
        }
        for _ in 1..s {
            y = mul_mod(y, y, n);
            if y == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

/// Whether the Gaussian integer a + bi is a Gaussian prime: a^2 + b^2 is
/// prime when both parts are nonzero, else the nonzero part's magnitude is
/// a prime congruent to 3 mod 4.
fn is_gaussian_prime(a: f64, b: f64) -> bool {
    let (a, b) = (a.abs(), b.abs());
    if a == 0.0 || b == 0.0 {
        let m = a.max(b);
        return is_prime(m) && m % 4.0 == 3.0;
    }
    let norm = a * a + b * b;
    // Beyond 2^64 (or 2^53, where squares round) the test is not exact.
    norm < 9007199254740992.0 && is_prime(norm)
}

/// isprime: true for prime numbers.
///
/// `tf = isprime(x)` returns a logical array of the size of x, true where an
/// element is a prime number. Elements must be integer-valued; negative
/// numbers are prime when their magnitude is. For complex x the test is for
/// Gaussian primes.
///
/// ```text
/// >> isprime(1:10)
/// ans =
///
///   0  1  1  0  1  0  1  0  0  0
/// >> isprime(7919)
/// ans = 1
/// ```
pub fn isprime(_: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    nargchk("isprime", args.len(), 1, 1)?;
    let non_integer = || Error::new("isprime: X contains non-integer entries");
    let t = match &args[0] {
        // 64-bit integers are tested exactly, not through a double.
        Value::Int(crate::value::IntArray::U64(a)) => a.map(|&n| is_prime_u64(n)),
        Value::Int(crate::value::IntArray::I64(a)) => a.map(|&n| is_prime_u64(n.unsigned_abs())),
        Value::Complex(_) | Value::SingleComplex(_) => {
            let c = args[0].to_complex_array("isprime")?;
            if c.data().iter().any(|z| {
                z.re.fract() != 0.0 || z.im.fract() != 0.0 || !z.re.is_finite() || !z.im.is_finite()
            }) {
                return Err(non_integer());
            }
            c.map(|z| is_gaussian_prime(z.re, z.im))
        }
        Value::Cell(_) | Value::Struct(_) | Value::Func(_) => {
            return Err(Error::wrong_type("isprime", args[0].class().name()))
        }
        other => {
            let a = other.to_num_array("isprime")?;
            if a.data().iter().any(|x| x.fract() != 0.0 || !x.is_finite()) {
                return Err(non_integer());
            }
            a.map(|&x| is_prime(x))
        }
    };
    Ok(vec![Value::Bool(t)])
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call, call1};
    use super::*;

    #[test]
    fn gcd_lcm_factorial() {
        assert_eq!(
            call1("gcd", vec![Value::num(-4.0), Value::num(6.0)]),
            Value::num(2.0)
        );
        assert_eq!(
            call1("lcm", vec![Value::num(-4.0), Value::num(6.0)]),
            Value::num(-12.0)
        );
        assert_eq!(
            call("gcd", vec![Value::num(2.5), Value::num(3.0)], 1)
                .unwrap_err()
                .message,
            "gcd: all values must be integers"
        );
        assert_eq!(call1("factorial", vec![Value::num(5.0)]), Value::num(120.0));
        assert_eq!(
            call1("factorial", vec![Value::num(171.0)]),
            Value::num(f64::INFINITY)
        );
        assert!(call("factorial", vec![Value::num(-1.0)], 1).is_err());
    }

    #[test]
    fn combinations_and_primes() {
        assert_eq!(
            call1("nchoosek", vec![Value::num(5.0), Value::num(2.0)]),
            Value::num(10.0)
        );
        let m = call1(
            "nchoosek",
            vec![Value::row(vec![1.0, 2.0, 3.0]), Value::num(2.0)],
        );
        assert_eq!(m, Value::matrix(3, 2, vec![1.0, 1.0, 2.0, 2.0, 3.0, 3.0]));
        assert_eq!(
            call1("primes", vec![Value::num(20.0)]),
            Value::row(vec![2.0, 3.0, 5.0, 7.0, 11.0, 13.0, 17.0, 19.0])
        );
        let p = call1("isprime", vec![Value::row(vec![1.0, 2.0, 9.0, 97.0, -5.0])]);
        assert_eq!(
            p,
            Value::Bool(Array::row(vec![false, true, false, true, true]))
        );
        // Large values: 2^31-1 is prime; Carmichael 561 is not.
        assert!(is_prime(2147483647.0));
        assert!(is_prime(9007199254740881.0)); // largest prime below 2^53
        assert!(!is_prime(9007199254740992.0));
        assert!(!is_prime(561.0));
        let count = (1..=100).filter(|&k| is_prime(k as f64)).count();
        assert_eq!(count, 25);
        let big = call1("nchoosek", vec![Value::num(1e15), Value::num(5e14)]);
        assert_eq!(big, Value::num(f64::INFINITY));
    }
}
