//! Unit tests of the operator kernels against values Octave gives.

#![allow(clippy::excessive_precision)]

use super::*;
use crate::value::Dims;

fn m(r: usize, c: usize, rows: &[f64]) -> Value {
    let mut v = vec![0.0; r * c];
    for i in 0..r {
        for j in 0..c {
            v[i + j * r] = rows[i * c + j];
        }
    }
    Value::matrix(r, c, v)
}

fn reals(v: &Value) -> Vec<f64> {
    match v {
        Value::Num(a) => a.data().to_vec(),
        other => panic!("expected real, got {other:?}"),
    }
}

fn close(a: &[f64], b: &[f64], tol: f64) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!(
            (x - y).abs() <= tol * (1.0 + y.abs()) || (x.is_nan() && y.is_nan()) || x == y,
            "{a:?} vs {b:?}"
        );
    }
}

fn bin(op: BinOp, a: &Value, b: &Value) -> Value {
    binary(op, a, b).unwrap()
}

#[test]
fn scalar_powers_exact() {
    let p = |x: f64, y: f64| reals(&bin(BinOp::MatPow, &Value::num(x), &Value::num(y)))[0];
    assert_eq!(p(3.0, 20.0), 3486784401.0);
    assert_eq!(p(2.0, 52.0), 4503599627370496.0);
    assert_eq!(p(10.0, 15.0), 1e15);
    assert_eq!(p(-1.0, 101.0), -1.0);
    assert_eq!(p(0.0, 0.0), 1.0);
    assert_eq!(p(2.0, -1.0), 0.5);
    assert_eq!(p(10.0, -2.0), 0.01);
    assert_eq!(p(4.0, 0.5), 2.0);
    let c = bin(BinOp::MatPow, &Value::num(-8.0), &Value::num(1.0 / 3.0));
    match c {
        Value::Complex(a) => {
            let z = a.data()[0];
            assert!((z.re - 1.0).abs() < 1e-15 && (z.im - 1.7320508075688772).abs() < 1e-15);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn broadcasting_row_col() {
    let r = Value::row(vec![1., 2., 3.]);
    let c = Value::col(vec![10., 20.]);
    let s = bin(BinOp::Add, &r, &c);
    assert_eq!(s.dims().as_slice(), &[2, 3]);
    assert_eq!(reals(&s), vec![11., 21., 12., 22., 13., 23.]);
    let d = bin(BinOp::Sub, &c, &r);
    assert_eq!(reals(&d), vec![9., 19., 8., 18., 7., 17.]);
    let v = Value::row(vec![1., 5., 3.]);
    let vt = postfix(PostOp::Transpose, &v).unwrap();
    let g = bin(BinOp::Gt, &vt, &v);
    assert_eq!(
        g,
        Value::Bool(Array::new(
            Dims::mat(3, 3),
            vec![false, true, true, false, false, false, false, true, false]
        ))
    );
    // N-d broadcast: 2x1x2 + 1x3
    let a = Value::Num(Array::new(Dims::new(&[2, 1, 2]), vec![1., 2., 3., 4.]));
    let s = bin(BinOp::Add, &a, &Value::row(vec![10., 20., 30.]));
    assert_eq!(s.dims().as_slice(), &[2, 3, 2]);
    assert_eq!(
        reals(&s),
        vec![11., 12., 21., 22., 31., 32., 13., 14., 23., 24., 33., 34.]
    );
    // empty broadcast
    let e = bin(
        BinOp::Add,
        &Value::Num(Array::empty_with(Dims::mat(0, 3))),
        &Value::row(vec![1., 2., 3.]),
    );
    assert_eq!(e.dims().as_slice(), &[0, 3]);
}

#[test]
fn nonconformant_messages() {
    let a = Value::row(vec![1., 2.]);
    let b = Value::row(vec![1., 2., 3.]);
    let msg = |op| binary(op, &a, &b).unwrap_err().message.clone();
    assert_eq!(
        msg(BinOp::Add),
        "operator +: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
    );
    assert_eq!(
        msg(BinOp::Mul),
        "product: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
    );
    assert_eq!(
        msg(BinOp::Eq),
        "mx_el_eq: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
    );
    assert_eq!(
        msg(BinOp::MatMul),
        "operator *: nonconformant arguments (op1 is 1x2, op2 is 1x3)"
    );
    assert_eq!(
        msg(BinOp::LeftDiv),
        "quotient: nonconformant arguments (op1 is 1x3, op2 is 1x2)"
    );
    assert_eq!(
        msg(BinOp::MatPow),
        "can't do A ^ B for A and B both matrices"
    );
    let e = binary(BinOp::MatMul, &a, &a).unwrap_err().message.clone();
    assert_eq!(
        e,
        "operator *: nonconformant arguments (op1 is 1x2, op2 is 1x2)"
    );
    let e = binary(
        BinOp::MatPow,
        &Value::Num(Array::filled(Dims::mat(2, 3), 1.0)),
        &Value::num(2.0),
    )
    .unwrap_err();
    assert!(e
        .message
        .starts_with("for x^y, only square matrix arguments are permitted"));
    let e = binary(
        BinOp::MatLeftDiv,
        &m(2, 2, &[2., 0., 0., 4.]),
        &Value::col(vec![1., 1., 1.]),
    )
    .unwrap_err();
    assert_eq!(
        e.message,
        "operator \\: nonconformant arguments (op1 is 2x2, op2 is 3x1)"
    );
}

#[test]
fn matrix_division_and_solve() {
    let a = m(3, 3, &[3., 2., -1., 2., -2., 4., -1., 0.5, -1.]);
    let x = bin(BinOp::MatLeftDiv, &a, &Value::col(vec![1., -2., 0.]));
    close(&reals(&x), &[1., -2., -2.], 1e-14);
    let x = bin(
        BinOp::MatDiv,
        &Value::row(vec![3., 5.]),
        &m(2, 2, &[2., 1., 1., 3.]),
    );
    close(&reals(&x), &[0.8, 1.4], 1e-14);
    // singular: minimum-norm least squares, as Octave
    let x = bin(
        BinOp::MatLeftDiv,
        &m(2, 2, &[1., 2., 2., 4.]),
        &Value::col(vec![1., 2.]),
    );
    close(&reals(&x), &[0.2, 0.4], 1e-14);
    let x = bin(
        BinOp::MatLeftDiv,
        &m(3, 3, &[1., 2., 3., 4., 5., 6., 7., 8., 9.]),
        &Value::col(vec![1., 2., 3.]),
    );
    close(&reals(&x), &[-1. / 18., 1. / 9., 5. / 18.], 1e-12);
    // overdetermined least squares
    let x = bin(
        BinOp::MatLeftDiv,
        &m(3, 2, &[1., 2., 3., 4., 5., 6.]),
        &Value::col(vec![1., 2., 3.]),
    );
    close(&reals(&x), &[0.0, 0.5], 1e-12);
    // underdetermined: minimum norm
    let x = bin(
        BinOp::MatLeftDiv,
        &Value::row(vec![1., 2., 3.]),
        &Value::num(6.0),
    );
    close(&reals(&x), &[3. / 7., 6. / 7., 9. / 7.], 1e-13);
    let x = bin(
        BinOp::MatLeftDiv,
        &Value::num(2.0),
        &Value::row(vec![2., 4., 6.]),
    );
    assert_eq!(reals(&x), vec![1., 2., 3.]);
    let x = bin(BinOp::MatDiv, &m(2, 2, &[1., 2., 3., 4.]), &Value::num(0.0));
    assert!(reals(&x).iter().all(|v| *v == f64::INFINITY));
}

#[test]
fn matrix_powers() {
    let a = m(2, 2, &[4., 7., 2., 6.]);
    let x = bin(BinOp::MatPow, &a, &Value::num(-1.0));
    close(&reals(&x), &[0.6, -0.2, -0.7, 0.4], 1e-14);
    let c = bin(
        BinOp::MatPow,
        &m(2, 2, &[2., 0., 0., 4.]),
        &Value::num(-2.0),
    );
    close(&reals(&c), &[0.25, 0., 0., 0.0625], 1e-15);
    let x = bin(BinOp::MatPow, &m(2, 2, &[1., 2., 3., 4.]), &Value::num(3.0));
    assert_eq!(reals(&x), vec![37., 81., 54., 118.]);
    let x = bin(BinOp::MatPow, &Value::num(2.0), &m(2, 2, &[1., 2., 3., 4.]));
    close(&reals(&x), &[10.483, 21.228, 14.152, 31.711], 1e-4);
    let x = bin(BinOp::MatPow, &Value::num(2.0), &m(2, 2, &[1., 0., 0., 2.]));
    assert_eq!(reals(&x), vec![2., 0., 0., 4.]);
    let x = bin(BinOp::MatPow, &m(2, 2, &[4., 1., 1., 3.]), &Value::num(0.5));
    close(&reals(&x), &[1.9816, 0.2708, 0.2708, 1.7107], 1e-4);
}

#[test]
fn complex_ops() {
    let a = Value::Complex(Array::new(
        Dims::mat(2, 2),
        vec![
            C64::new(1., 1.),
            C64::new(3., 0.),
            C64::new(2., 0.),
            C64::new(4., -2.),
        ],
    ));
    let c = bin(
        BinOp::MatMul,
        &a,
        &Value::Complex(Array::col(vec![C64::new(1., 0.), C64::new(0., 1.)])),
    );
    assert_eq!(
        c,
        Value::Complex(Array::col(vec![C64::new(1., 3.), C64::new(5., 4.)]))
    );
    let t = postfix(PostOp::CTranspose, &a).unwrap();
    assert_eq!(
        t,
        Value::Complex(Array::new(
            Dims::mat(2, 2),
            vec![
                C64::new(1., -1.),
                C64::new(2., 0.),
                C64::new(3., 0.),
                C64::new(4., 2.)
            ]
        ))
    );
    // (1+1i)*(1-1i) = 2 narrows to real
    let p = bin(
        BinOp::Mul,
        &Value::complex(1., 1.),
        &Value::complex(1., -1.),
    );
    assert_eq!(p, Value::num(2.0));
    let q = bin(BinOp::Pow, &Value::complex(1., 2.), &Value::num(2.0));
    assert_eq!(q, Value::complex(-3., 4.));
    let z = bin(BinOp::Div, &Value::complex(0., 1.), &Value::num(0.0));
    match z {
        Value::Complex(a) => {
            assert!(a.data()[0].re.is_nan() && a.data()[0].im == f64::INFINITY)
        }
        o => panic!("{o:?}"),
    }
    assert_eq!(
        bin(BinOp::Lt, &Value::complex(1., 2.), &Value::num(2.0)),
        Value::bool(true)
    );
    assert_eq!(
        bin(BinOp::Eq, &Value::complex(1., 2.), &Value::complex(1., 2.)),
        Value::bool(true)
    );
    // negative base with fractional exponent goes complex
    let r = bin(BinOp::Pow, &Value::row(vec![-1., 4.]), &Value::num(0.5));
    match r {
        Value::Complex(a) => {
            assert!((a.data()[0].im - 1.0).abs() < 1e-15 && a.data()[1] == C64::new(2., 0.))
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn unary_and_logical() {
    assert_eq!(
        unary(UnOp::Neg, &Value::num(-3.0)).unwrap(),
        Value::num(3.0)
    );
    assert_eq!(
        unary(UnOp::Plus, &Value::bool(true)).unwrap(),
        Value::num(1.0)
    );
    assert_eq!(
        unary(UnOp::Not, &Value::row(vec![1., 0., 2.])).unwrap(),
        Value::Bool(Array::row(vec![false, true, false]))
    );
    assert_eq!(
        unary(UnOp::Not, &Value::num(f64::NAN))
            .unwrap_err()
            .message
            .clone(),
        "invalid conversion from NaN to logical"
    );
    let a = bin(
        BinOp::And,
        &Value::row(vec![1., 0., 1.]),
        &Value::row(vec![1., 1., 0.]),
    );
    assert_eq!(a, Value::Bool(Array::row(vec![true, false, false])));
    let o = bin(BinOp::Or, &Value::row(vec![1., 0., 1.]), &Value::num(0.0));
    assert_eq!(o, Value::Bool(Array::row(vec![true, false, true])));
    let e = binary(BinOp::And, &Value::row(vec![f64::NAN]), &Value::num(1.0)).unwrap_err();
    assert_eq!(e.message, "invalid conversion from NaN to logical");
    let n = Value::Num(Array::filled(Dims::new(&[2, 2, 2]), 1.0));
    assert_eq!(
        postfix(PostOp::Transpose, &n).unwrap_err().message.clone(),
        "transpose not defined for N-D objects"
    );
}

#[test]
fn class_rules_and_ieee() {
    assert_eq!(
        bin(BinOp::Add, &Value::str("a"), &Value::num(1.0)),
        Value::num(98.0)
    );
    assert_eq!(
        bin(BinOp::Add, &Value::bool(true), &Value::bool(true)),
        Value::num(2.0)
    );
    assert_eq!(
        bin(BinOp::MatMul, &Value::str("ab"), &Value::num(2.0)),
        Value::row(vec![194., 196.])
    );
    assert!(reals(&bin(
        BinOp::Sub,
        &Value::num(f64::INFINITY),
        &Value::num(f64::INFINITY)
    ))[0]
        .is_nan());
    assert_eq!(
        reals(&bin(BinOp::Div, &Value::num(1.0), &Value::num(-0.0)))[0],
        f64::NEG_INFINITY
    );
    assert_eq!(
        bin(BinOp::Eq, &Value::num(f64::NAN), &Value::num(f64::NAN)),
        Value::bool(false)
    );
    assert_eq!(
        bin(BinOp::Ne, &Value::num(f64::NAN), &Value::num(f64::NAN)),
        Value::bool(true)
    );
    let a = bin(
        BinOp::MatMul,
        &Value::Num(Array::filled(Dims::mat(3, 0), 0.0)),
        &Value::Num(Array::filled(Dims::mat(0, 2), 0.0)),
    );
    assert_eq!(a, Value::Num(Array::filled(Dims::mat(3, 2), 0.0)));
}

#[test]
fn large_matmul_matches_loop() {
    let n = 40;
    let a: Vec<f64> = (0..n * n).map(|i| ((i * 7) % 11) as f64 - 5.0).collect();
    let b: Vec<f64> = (0..n * n).map(|i| ((i * 3) % 13) as f64 - 6.0).collect();
    let fast = dense::matmul(n, n, n, &a, &b);
    let mut slow = vec![0.0; n * n];
    for j in 0..n {
        for i in 0..n {
            slow[i + j * n] = (0..n).map(|k| a[i + k * n] * b[k + j * n]).sum();
        }
    }
    assert_eq!(fast, slow);
}

#[test]
fn fmt_g_like_c() {
    assert_eq!(fmt_g(1.30614e-17), "1.30614e-17");
    assert_eq!(fmt_g(0.0), "0");
    assert_eq!(fmt_g(0.5), "0.5");
    assert_eq!(fmt_g(123456789.0), "1.23457e+08");
}

#[test]
fn large_lu_reconstructs_pa() {
    let n = 120;
    let a: Vec<f64> = (0..n * n)
        .map(|i| (((i * 7919) % 1009) as f64) / 97.0 - 5.0)
        .collect();
    let f = dense::lu_factor(n, n, a.clone());
    assert!(!f.singular);
    for i in 0..n {
        for j in 0..n {
            let mut s = 0.0;
            for k in 0..=i.min(j) {
                let l = if k == i { 1.0 } else { f.lu[i + k * n] };
                s += l * f.lu[k + j * n];
            }
            let want = a[f.perm[i] + j * n];
            assert!(
                (s - want).abs() < 1e-9 * (1.0 + want.abs()),
                "{i} {j}: {s} vs {want}"
            );
        }
    }
    // the solve agrees with the residual
    let b: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let x = f.solve(&b, 1);
    let ax = dense::matmul(n, n, 1, &a, &x);
    for (u, v) in ax.iter().zip(&b) {
        assert!((u - v).abs() < 1e-8);
    }
}

#[test]
fn huge_results_are_errors_not_aborts() {
    let big = 200_000usize;
    let c = Value::Num(Array::filled(Dims::col(big), 1.0));
    let r = Value::Num(Array::filled(Dims::row(big), 1.0));
    for op in [BinOp::Add, BinOp::MatMul] {
        let e = binary(op, &c, &r).unwrap_err();
        assert_eq!(e.identifier, "MATLAB:nomem");
        assert!(
            e.message.starts_with(
                "out of memory or dimension too large for Octave's index type (200000x200000 array"
            ),
            "{}",
            e.message
        );
    }
}

#[test]
fn struct_operand_messages() {
    let s = Value::Struct(Box::default());
    let e = binary(BinOp::Add, &s, &Value::num(1.0)).unwrap_err();
    assert_eq!(
        e.message,
        "binary operator '+' not implemented for 'scalar struct' by 'scalar' operations"
    );
    let e = unary(UnOp::Not, &s).unwrap_err();
    assert_eq!(
        e.message,
        "unary operator '!' not implemented for 'scalar struct' operands"
    );
}

#[test]
fn magic4_near_singular_like_octave() {
    // Octave: det(magic(4)) = -1.4495e-12, rcond = 1.30614e-17, x(1) = -5.6295e+14
    let a = m(
        4,
        4,
        &[
            16., 2., 3., 13., 5., 11., 10., 8., 9., 7., 6., 12., 4., 14., 15., 1.,
        ],
    );
    let x = reals(&bin(
        BinOp::MatLeftDiv,
        &a,
        &Value::col(vec![1., 2., 3., 4.]),
    ));
    assert!((x[0] / -5.6295e14 - 1.0).abs() < 1e-4, "{x:?}");
    let f = dense::lu_factor(4, 4, reals(&a));
    let rc = f.rcond(dense::norm1(4, 4, &reals(&a)));
    assert!((rc / 1.30614e-17 - 1.0).abs() < 1e-4, "{rc}");
    assert!((f.det() / -1.4495e-12 - 1.0).abs() < 1e-3);
}

#[test]
fn noninteger_matrix_power_is_complex_like_octave() {
    let x = bin(BinOp::MatPow, &m(2, 2, &[1., 2., 3., 4.]), &Value::num(0.5));
    match x {
        Value::Complex(a) => {
            let d = a.data();
            // Octave: [0.5537+0.4644i 0.8070-0.2124i; 1.2104-0.3186i 1.7641+0.1458i]
            let want = [
                (0.5537, 0.4644),
                (1.2104, -0.3186),
                (0.8070, -0.2124),
                (1.7641, 0.1458),
            ];
            for (z, (re, im)) in d.iter().zip(want) {
                assert!(
                    (z.re - re).abs() < 1e-4 && (z.im - im).abs() < 1e-4,
                    "{d:?}"
                );
            }
        }
        o => panic!("{o:?}"),
    }
}

/// Last-bit agreement with the conformance expectations (Octave + OpenBLAS).
#[test]
fn roundings_match_octave_bit_for_bit() {
    let x = bin(
        BinOp::MatDiv,
        &Value::row(vec![3., 5.]),
        &m(2, 2, &[2., 1., 1., 3.]),
    );
    assert_eq!(reals(&x), vec![0.79999999999999971, 1.4000000000000001]);
    let a = m(3, 3, &[3., 2., -1., 2., -2., 4., -1., 0.5, -1.]);
    let x = bin(BinOp::MatLeftDiv, &a, &Value::col(vec![1., -2., 0.]));
    assert_eq!(
        reals(&x),
        vec![
            0.99999999999999944,
            -1.9999999999999984,
            -1.9999999999999984
        ]
    );
    let a = m(2, 2, &[4., 7., 2., 6.]);
    let b = bin(BinOp::MatPow, &a, &Value::num(-1.0));
    assert_eq!(
        reals(&b),
        vec![
            0.60000000000000009,
            -0.20000000000000001,
            -0.70000000000000007,
            0.40000000000000002
        ]
    );
    let c = bin(BinOp::MatMul, &a, &b);
    assert_eq!(
        reals(&c),
        vec![
            1.0000000000000002,
            1.1102230246251565e-16,
            -1.1102230246251565e-16,
            1.0
        ]
    );
    let b = reals(&bin(
        BinOp::MatPow,
        &m(2, 2, &[2., 0., 0., 4.]),
        &Value::num(-1.0),
    ));
    assert_eq!(b, vec![0.5, 0.0, 0.0, 0.25]);
    assert!(b[2].is_sign_negative());
}

#[test]
fn triangular_and_general_solves_bit_for_bit() {
    let x = bin(
        BinOp::MatLeftDiv,
        &m(3, 3, &[2., 0., 0., 1., 3., 0., 4., 5., 7.]),
        &Value::col(vec![1., 2., 3.]),
    );
    assert_eq!(reals(&x), vec![0.5, 0.5, -0.21428571428571427]);
    let y = bin(
        BinOp::MatLeftDiv,
        &m(3, 3, &[3., 1., 2., 0., 7., 5., 0., 0., 9.]),
        &Value::col(vec![1., 2., 3.]),
    );
    assert_eq!(
        reals(&y),
        vec![
            0.095238095238095247,
            0.047619047619047637,
            0.33333333333333331
        ]
    );
    let z = bin(
        BinOp::MatDiv,
        &m(2, 2, &[1., 2., 3., 4.]),
        &m(2, 2, &[5., 6., 7., 8.]),
    );
    assert_eq!(
        reals(&z),
        vec![
            2.9999999999999947,
            1.9999999999999964,
            -1.999999999999996,
            -0.99999999999999734
        ]
    );
}
