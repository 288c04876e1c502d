//! Tests of the linalg builtins against values Octave gives.

use super::decomp::{chol, eig, expm, lu, qr, svd};
use super::*;
use crate::builtins::State;

fn call(f: crate::builtins::BuiltinFn, nargout: usize, args: Vec<Value>) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut state = State::default();
    let mut ctx = Ctx {
        out: &mut out,
        err: &mut err,
        state: &mut state,
        nargout,
        caller: None,
    };
    f(&mut ctx, args)
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
        assert!((x - y).abs() <= tol * (1.0 + y.abs()), "{a:?} vs {b:?}");
    }
}

fn m(r: usize, c: usize, rows: &[f64]) -> Value {
    // row-major literal to column-major value
    let mut v = vec![0.0; r * c];
    for i in 0..r {
        for j in 0..c {
            v[i + j * r] = rows[i * c + j];
        }
    }
    Value::matrix(r, c, v)
}

#[test]
fn det_values() {
    let d = call(det, 1, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    close(&reals(&d[0]), &[-2.0], 1e-14);
    let magic3 = m(3, 3, &[8., 1., 6., 3., 5., 7., 4., 9., 2.]);
    let d = call(det, 1, vec![magic3]).unwrap();
    close(&reals(&d[0]), &[-360.0], 1e-12);
    assert!(call(det, 1, vec![Value::row(vec![1., 2., 3.])])
        .unwrap_err()
        .message
        .contains("det: A must be a square matrix"));
}

#[test]
fn inv_and_singular() {
    let r = call(inv, 1, vec![m(2, 2, &[4., 7., 2., 6.])]).unwrap();
    close(&reals(&r[0]), &[0.6, -0.2, -0.7, 0.4], 1e-14);
    let r = call(inv, 1, vec![m(2, 2, &[0., 0., 0., 0.])]).unwrap();
    assert!(reals(&r[0]).iter().all(|x| *x == f64::INFINITY));
}

#[test]
fn norms() {
    let a = m(2, 2, &[1., -2., 3., 4.]);
    let n1 = call(norm, 1, vec![a.clone(), Value::num(1.0)]).unwrap();
    close(&reals(&n1[0]), &[6.0], 1e-14);
    let ni = call(norm, 1, vec![a.clone(), Value::num(f64::INFINITY)]).unwrap();
    close(&reals(&ni[0]), &[7.0], 1e-14);
    let nf = call(norm, 1, vec![a.clone(), Value::str("fro")]).unwrap();
    close(&reals(&nf[0]), &[30f64.sqrt()], 1e-14);
    let n2 = call(norm, 1, vec![a]).unwrap();
    close(&reals(&n2[0]), &[5.116672736016927], 1e-13);
    let v = call(norm, 1, vec![Value::row(vec![1., 2., 3.]), Value::num(3.0)]).unwrap();
    close(&reals(&v[0]), &[3.3019272488946263], 1e-13);
}

#[test]
fn kron_dot_cross() {
    let k = call(
        kron,
        1,
        vec![Value::row(vec![1., 2.]), Value::col(vec![1., 1.])],
    )
    .unwrap();
    assert_eq!(k[0].dims().as_slice(), &[2, 2]);
    close(&reals(&k[0]), &[1., 1., 2., 2.], 0.0);
    let d = call(
        dot,
        1,
        vec![Value::row(vec![1., 2., 3.]), Value::row(vec![4., 5., 6.])],
    )
    .unwrap();
    close(&reals(&d[0]), &[32.0], 0.0);
    let c = call(
        cross,
        1,
        vec![Value::row(vec![1., 2., 3.]), Value::row(vec![4., 5., 6.])],
    )
    .unwrap();
    close(&reals(&c[0]), &[-3., 6., -3.], 0.0);
    let d = call(
        dot,
        1,
        vec![m(2, 2, &[1., 2., 3., 4.]), m(2, 2, &[1., 2., 3., 4.])],
    )
    .unwrap();
    close(&reals(&d[0]), &[10., 20.], 0.0);
}

#[test]
fn eig_symmetric_ascending() {
    let e = call(eig, 1, vec![m(3, 3, &[4., 1., 0., 1., 4., 1., 0., 1., 4.])]).unwrap();
    let s2 = 2f64.sqrt();
    close(&reals(&e[0]), &[4. - s2, 4., 4. + s2], 1e-13);
    let e = call(eig, 1, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    let mut v = reals(&e[0]);
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    close(&v, &[-0.3722813232690143, 5.372281323269014], 1e-13);
    let e = call(eig, 1, vec![m(2, 2, &[0., 1., -1., 0.])]).unwrap();
    assert!(e[0].is_complex());
}

#[test]
fn lu_reproduces_pa() {
    let a = m(3, 3, &[1., 2., 0., 3., 4., 4., 5., 6., 3.]);
    let r = call(lu, 3, vec![a.clone()]).unwrap();
    let lu_prod = ops::binary(BinOp::MatMul, &r[0], &r[1]).unwrap();
    let pa = ops::binary(BinOp::MatMul, &r[2], &a).unwrap();
    close(&reals(&lu_prod), &reals(&pa), 1e-14);
    // P picks row 3 first (largest pivot 5)
    close(&reals(&r[2]), &[0., 1., 0., 0., 0., 1., 1., 0., 0.], 0.0);
    let y = call(lu, 1, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    close(&reals(&y[0]), &[3., 1. / 3., 4., 2. / 3.], 1e-14);
}

#[test]
fn chol_and_errors() {
    let r = call(chol, 1, vec![m(2, 2, &[4., 2., 2., 3.])]).unwrap();
    close(&reals(&r[0]), &[2., 0., 1., 2f64.sqrt()], 1e-14);
    let e = call(chol, 1, vec![m(2, 2, &[1., 2., 2., 1.])]).unwrap_err();
    assert_eq!(e.message, "chol: input matrix must be positive definite");
}

#[test]
fn qr_and_svd() {
    let a = m(3, 2, &[1., 2., 3., 4., 5., 6.]);
    let r = call(qr, 2, vec![a.clone()]).unwrap();
    assert_eq!(r[0].dims().as_slice(), &[3, 3]);
    assert_eq!(r[1].dims().as_slice(), &[3, 2]);
    let rr = reals(&r[1]);
    close(
        &[rr[0].abs(), rr[4].abs()],
        &[5.916079783099616, 0.828078671210825],
        1e-13,
    );
    let qrp = ops::binary(BinOp::MatMul, &r[0], &r[1]).unwrap();
    close(&reals(&qrp), &reals(&a), 1e-13);
    let e = call(qr, 2, vec![a.clone(), Value::num(0.0)]).unwrap();
    assert_eq!(e[0].dims().as_slice(), &[3, 2]);
    let s = call(svd, 1, vec![a.clone()]).unwrap();
    close(
        &reals(&s[0]),
        &[9.525518091565107, 0.514300580658644],
        1e-13,
    );
    let usv = call(svd, 3, vec![a.clone()]).unwrap();
    let p = ops::binary(BinOp::MatMul, &usv[0], &usv[1]).unwrap();
    let vt = ops::postfix(PostOp::CTranspose, &usv[2]).unwrap();
    let p = ops::binary(BinOp::MatMul, &p, &vt).unwrap();
    close(&reals(&p), &reals(&a), 1e-13);
}

#[test]
fn rank_pinv_trace_expm() {
    let r = call(
        rank,
        1,
        vec![m(3, 3, &[1., 0., -1., 2., 0., -2., 3., 0., -3.])],
    )
    .unwrap();
    close(&reals(&r[0]), &[1.0], 0.0);
    let p = call(pinv, 1, vec![m(2, 2, &[1., 2., 2., 4.])]).unwrap();
    close(&reals(&p[0]), &[0.04, 0.08, 0.08, 0.16], 1e-13);
    let t = call(trace, 1, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    close(&reals(&t[0]), &[5.0], 0.0);
    let e = call(expm, 1, vec![m(2, 2, &[0., 1., 0., 0.])]).unwrap();
    close(&reals(&e[0]), &[1., 0., 1., 1.], 1e-15);
    let e = call(expm, 1, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    close(
        &reals(&e[0]),
        &[
            51.96895619870499,
            112.1048468505049,
            74.73656456700324,
            164.0738030492099,
        ],
        1e-11,
    );
}

#[test]
fn operator_function_forms() {
    let r = call(
        plus,
        1,
        vec![Value::num(1.0), Value::num(2.0), Value::num(3.0)],
    )
    .unwrap();
    close(&reals(&r[0]), &[6.0], 0.0);
    assert!(call(plus, 1, vec![Value::num(1.0)]).is_err());
    let r = call(
        mtimes,
        1,
        vec![Value::row(vec![1., 2.]), Value::col(vec![3., 4.])],
    )
    .unwrap();
    close(&reals(&r[0]), &[11.0], 0.0);
    let r = call(not, 1, vec![Value::row(vec![1., 0.])]).unwrap();
    assert_eq!(r[0], Value::Bool(Array::row(vec![false, true])));
}

#[test]
fn eig_conjugate_pairs_positive_imaginary_first() {
    let e = call(eig, 1, vec![m(3, 3, &[1., 2., 0., 0., 3., 1., 1., 0., 2.])]).unwrap();
    match &e[0] {
        Value::Complex(a) => {
            let d = a.data();
            assert!(d[0].im > 0.0 && d[1].im < 0.0, "{d:?}");
            assert!((d[2].re - 3.5213797068045682).abs() < 1e-12);
        }
        o => panic!("{o:?}"),
    }
}

#[test]
fn wide_qr_and_complex_inputs() {
    let a = m(2, 3, &[1., 2., 3., 4., 5., 6.]);
    for econ in [false, true] {
        let mut args = vec![a.clone()];
        if econ {
            args.push(Value::num(0.0));
        }
        let r = call(qr, 2, args).unwrap();
        assert_eq!(r[0].dims().as_slice(), &[2, 2]);
        assert_eq!(r[1].dims().as_slice(), &[2, 3]);
        let p = ops::binary(BinOp::MatMul, &r[0], &r[1]).unwrap();
        close(&reals(&p), &reals(&a), 1e-13);
    }
    // Hermitian complex matrix: real ascending eigenvalues 1 and 3
    let h = Value::Complex(Array::new(
        Dims::mat(2, 2),
        vec![
            C64::new(2., 0.),
            C64::new(0., -1.),
            C64::new(0., 1.),
            C64::new(2., 0.),
        ],
    ));
    let e = call(eig, 1, vec![h.clone()]).unwrap();
    close(&reals(&e[0]), &[1.0, 3.0], 1e-13);
    let r = call(chol, 1, vec![h.clone()]).unwrap();
    let rh = ops::postfix(PostOp::CTranspose, &r[0]).unwrap();
    let back = ops::binary(BinOp::MatMul, &rh, &r[0]).unwrap();
    let diff = ops::binary(BinOp::Sub, &back, &h).unwrap();
    let n = call(norm, 1, vec![diff]).unwrap();
    assert!(reals(&n[0])[0] < 1e-14);
    let d = call(det, 1, vec![h]).unwrap();
    close(&reals(&d[0]), &[3.0], 1e-14);
}

#[test]
fn lu_rectangular_like_octave() {
    let r = call(lu, 3, vec![m(3, 2, &[1., 2., 3., 4., 5., 6.])]).unwrap();
    close(&reals(&r[0]), &[1., 0.2, 0.6, 0., 1., 0.5], 1e-15);
    close(&reals(&r[1]), &[5., 0., 6., 0.8], 1e-15);
    close(&reals(&r[2]), &[0., 1., 0., 0., 0., 1., 1., 0., 0.], 0.0);
    let w = m(2, 3, &[1., 2., 3., 4., 5., 6.]);
    let r = call(lu, 3, vec![w.clone()]).unwrap();
    assert_eq!(r[0].dims().as_slice(), &[2, 2]);
    assert_eq!(r[1].dims().as_slice(), &[2, 3]);
    let lu_prod = ops::binary(BinOp::MatMul, &r[0], &r[1]).unwrap();
    let pa = ops::binary(BinOp::MatMul, &r[2], &w).unwrap();
    close(&reals(&lu_prod), &reals(&pa), 1e-14);
    // two outputs: L is P'*L
    let r2 = call(lu, 2, vec![m(2, 2, &[1., 2., 3., 4.])]).unwrap();
    close(&reals(&r2[0]), &[1. / 3., 1., 1., 0.], 1e-15);
}

#[test]
fn lu_vector_and_generalized_eig() {
    let r = call(
        lu,
        3,
        vec![m(3, 2, &[1., 2., 3., 4., 5., 6.]), Value::str("vector")],
    )
    .unwrap();
    assert_eq!(r[2], Value::row(vec![3., 1., 2.]));
    let e = call(
        eig,
        1,
        vec![m(2, 2, &[2., 0., 0., 6.]), m(2, 2, &[1., 0., 0., 2.])],
    )
    .unwrap();
    close(&reals(&e[0]), &[2.0, 3.0], 1e-14);
}

#[test]
fn lu_and_det_bits_match_octave() {
    // conformance linalg/015 and linalg/023
    let a = m(3, 3, &[1., 2., 0., 3., 4., 4., 5., 6., 3.]);
    let r = call(lu, 3, vec![a.clone()]).unwrap();
    assert_eq!(
        reals(&r[0]),
        vec![
            1.0,
            0.2,
            0.6000000000000001,
            0.0,
            1.0,
            0.49999999999999944,
            0.0,
            0.0,
            1.0
        ]
    );
    assert_eq!(
        reals(&r[1]),
        vec![
            5.0,
            0.0,
            0.0,
            6.0,
            0.7999999999999998,
            0.0,
            3.0,
            -0.6000000000000001,
            2.4999999999999996
        ]
    );
    // det of a symmetric positive definite matrix goes through Cholesky
    let d = call(det, 1, vec![m(2, 2, &[2., 1., 1., 3.])]).unwrap();
    assert_eq!(reals(&d[0]), vec![5.000000000000001]);
    let d = call(det, 1, vec![m(2, 2, &[2., 5., 1., 5.])]).unwrap();
    assert_eq!(reals(&d[0]), vec![5.0]);
}

/// inv picks Octave's method by matrix type; values agree to the last bit.
#[test]
fn inv_bits_match_octave() {
    let r = call(inv, 1, vec![m(2, 2, &[2., 1., 1., 2.])]).unwrap();
    assert_eq!(
        reals(&r[0]),
        vec![
            0.6666666666666665,
            -0.3333333333333333,
            -0.3333333333333333,
            0.6666666666666669
        ]
    );
    let r = call(inv, 1, vec![m(3, 3, &[4., 1., 2., 1., 5., 3., 2., 3., 6.])]).unwrap();
    assert_eq!(
        reals(&r[0]),
        vec![
            0.3,
            1.3877787807814457e-17,
            -0.10000000000000002,
            1.3877787807814457e-17,
            0.28571428571428564,
            -0.14285714285714285,
            -0.10000000000000002,
            -0.14285714285714285,
            0.27142857142857146
        ]
    );
    let r = call(inv, 1, vec![m(3, 3, &[2., 0., 0., 1., 3., 0., 4., 5., 7.])]).unwrap();
    assert_eq!(
        reals(&r[0]),
        vec![
            0.5,
            -0.16666666666666666,
            -0.16666666666666669,
            0.0,
            0.3333333333333333,
            -0.23809523809523805,
            0.0,
            0.0,
            0.14285714285714285
        ]
    );
}

#[test]
fn dot_along_a_huge_dimension_is_elementwise() {
    let r = call(
        dot,
        1,
        vec![
            Value::row(vec![1., 2.]),
            Value::row(vec![3., 4.]),
            Value::num(1e9),
        ],
    )
    .unwrap();
    assert_eq!(r[0], Value::row(vec![3., 8.]));
}
