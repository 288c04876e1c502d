//! Piecewise polynomials: `mkpp` builds the pp-form struct (`form`,
//! `breaks`, `coefs`, `pieces`, `order`, `dim`), `unmkpp` takes it apart
//! and `ppval` evaluates it. The coefficient matrix has one row per piece
//! and value dimension (dimensions inner: row `p*prod(dim) + j`), highest
//! power first, each polynomial in `x - breaks(p)`.

use super::check_nargout;
use crate::builtins::Ctx;
use crate::error::{Error, Result};
use crate::value::{Array, Dims, StructArray, Value};

/// A pp-form taken apart.
pub struct Pp {
    pub breaks: Vec<f64>,
    /// `pieces*prod(dim)` rows by `order` columns, column-major.
    pub coefs: Vec<f64>,
    pub pieces: usize,
    pub order: usize,
    pub dim: Vec<usize>,
    /// `orient = "first"` (interp1's pp of a matrix): `ppval` puts the
    /// points first and the value dimensions after them.
    pub orient_first: bool,
}

impl Pp {
    fn values(&self) -> usize {
        self.dim.iter().product()
    }

    /// The pp-form struct, fields in MATLAB's order.
    pub fn to_value(&self) -> Value {
        let rows = self.pieces * self.values();
        let dim: Vec<f64> = self.dim.iter().map(|&d| d as f64).collect();
        let mut fields = vec![
            ("form".into(), Value::str("pp")),
            ("breaks".into(), Value::row(self.breaks.clone())),
            (
                "coefs".into(),
                Value::Num(Array::new(Dims::mat(rows, self.order), self.coefs.clone())),
            ),
            ("pieces".into(), Value::num(self.pieces as f64)),
            ("order".into(), Value::num(self.order as f64)),
            ("dim".into(), Value::row(dim)),
        ];
        if self.orient_first {
            fields.push(("orient".into(), Value::str("first")));
        }
        Value::Struct(Box::new(StructArray::scalar(fields)))
    }

    /// The pp-form in `v`, or `None` if `v` is not one.
    fn from_value(v: &Value, who: &str) -> Result<Option<Pp>> {
        let Value::Struct(s) = v else {
            return Ok(None);
        };
        if !s.is_scalar() || s.get("form").and_then(|f| f.to_str(who).ok()).as_deref() != Some("pp")
        {
            return Ok(None);
        }
        let field = |name: &str| {
            s.get(name)
                .ok_or_else(|| Error::new(format!("{who}: the pp-form has no field '{name}'")))
        };
        let breaks = field("breaks")?.to_num_array(who)?.data().to_vec();
        let coefs = field("coefs")?.to_num_array(who)?;
        let count = |name: &str| -> Result<Vec<usize>> {
            let a = field(name)?.to_num_array(who)?;
            a.data()
                .iter()
                .map(|&x| {
                    if x >= 0.0 && x.fract() == 0.0 {
                        Ok(x as usize)
                    } else {
                        Err(Error::new(format!(
                            "{who}: the pp-form's '{name}' must be non-negative integers"
                        )))
                    }
                })
                .collect()
        };
        let pieces = count("pieces")?.first().copied().unwrap_or(0);
        let order = count("order")?.first().copied().unwrap_or(0);
        let dim = count("dim")?;
        let orient_first =
            s.get("orient").and_then(|o| o.to_str(who).ok()).as_deref() == Some("first");
        let pp = Pp {
            breaks,
            coefs: coefs.data().to_vec(),
            pieces,
            order,
            dim,
            orient_first,
        };
        if pp.breaks.len() != pieces + 1 || pp.coefs.len() != pieces * pp.values() * order {
            return Err(Error::new(format!(
                "{who}: the pp-form's breaks, coefs, pieces, order and dim do not agree"
            )));
        }
        Ok(Some(pp))
    }

    /// The value (dimension `j`) at `x`: the piece holding `x` (the first
    /// or last beyond the ends) by Horner's rule.
    fn eval(&self, x: f64, j: usize) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let b = &self.breaks;
        // The last break not above x, among the first `pieces` breaks (not
        // below x when the breaks descend: pieces closed on the right).
        let first = &b[..self.pieces];
        let p = if b[0] > b[self.pieces] {
            first.partition_point(|&t| t >= x)
        } else {
            first.partition_point(|&t| t <= x)
        }
        .saturating_sub(1);
        let rows = self.pieces * self.values();
        let row = p * self.values() + j;
        let dx = x - b[p];
        (0..self.order).fold(0.0, |acc, c| acc * dx + self.coefs[row + c * rows])
    }
}

/// mkpp: build a piecewise polynomial.
///
/// `PP = mkpp(BREAKS, COEFS)` is the piecewise polynomial (a struct with
/// fields form, breaks, coefs, pieces, order, dim) that is, on the
/// interval BREAKS(i) to BREAKS(i+1), the polynomial with coefficients
/// COEFS(i,:) (highest power first) in the local variable x - BREAKS(i).
///
/// `PP = mkpp(BREAKS, COEFS, D)` makes a vector-valued polynomial with
/// values of size D.
///
/// ```text
/// >> pp = mkpp([0 1 2], [1 0; 2 1]); ppval(pp, [0.5 1.5])
/// ans =
///
///    0.5000   2.0000
/// ```
pub fn mkpp(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "mkpp")?;
    if !(2..=3).contains(&args.len()) {
        return Err(Error::nargin("mkpp"));
    }
    let breaks = args[0].to_num_array("mkpp")?;
    if !breaks.dims().is_vector() && breaks.numel() != 0 {
        return Err(Error::new("mkpp: BREAKS must be a vector"));
    }
    if breaks.numel() < 2 {
        return Err(Error::new("mkpp: BREAKS must have at least one interval"));
    }
    let coefs = args[1].to_num_array("mkpp")?;
    let dim: Vec<usize> = match args.get(2) {
        None => vec![1],
        Some(d) => d
            .to_num_array("mkpp")?
            .data()
            .iter()
            .map(|&x| {
                if x >= 1.0 && x.fract() == 0.0 {
                    Ok(x as usize)
                } else {
                    Err(Error::new("mkpp: D must be a vector of positive integers"))
                }
            })
            .collect::<Result<_>>()?,
    };
    let pieces = breaks.numel() - 1;
    let per = pieces * dim.iter().product::<usize>();
    if per == 0 || coefs.numel() % per != 0 {
        return Err(Error::new(format!(
            "mkpp: the {} coefficients do not divide into {pieces} pieces of {} values",
            coefs.numel(),
            dim.iter().product::<usize>()
        )));
    }
    let pp = Pp {
        breaks: breaks.data().to_vec(),
        coefs: coefs.data().to_vec(),
        pieces,
        order: coefs.numel() / per,
        dim,
        orient_first: false,
    };
    Ok(vec![pp.to_value()])
}

/// unmkpp: the parts of a piecewise polynomial.
///
/// `[X, C, L, K, D] = unmkpp(PP)` returns the breaks X, the coefficients C
/// (one row per piece), the number of pieces L, the order K and the value
/// dimensions D of the piecewise polynomial PP made by mkpp.
///
/// ```text
/// >> pp = mkpp([0 1 2], [1 0; 2 1]); [x, c, l, k, d] = unmkpp(pp)
/// x =
///
///    0   1   2
///
/// c =
///
///    1   0
///    2   1
///
/// l = 2
/// k = 2
/// d = 1
/// ```
pub fn unmkpp(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 5, "unmkpp")?;
    let [v] = args.as_slice() else {
        return Err(Error::nargin("unmkpp"));
    };
    let not_pp = || Error::new("unmkpp: PP must be a piecewise polynomial structure");
    let (Value::Struct(s), Some(pp)) = (v, Pp::from_value(v, "unmkpp")?) else {
        return Err(not_pp());
    };
    let take = |f: &str| s.get(f).cloned().unwrap_or_else(Value::empty);
    let mut out = vec![
        Value::row(pp.breaks.clone()),
        take("coefs"),
        take("pieces"),
        take("order"),
        take("dim"),
    ];
    out.truncate(ctx.nargout.max(1));
    Ok(out)
}

/// ppval: evaluate a piecewise polynomial.
///
/// `V = ppval(PP, XI)` evaluates the piecewise polynomial PP (from mkpp)
/// at the points XI: each point uses the piece whose interval contains it
/// (the first or last piece outside the breaks). V has the size of XI for
/// scalar values; for values of size D it is [D numel(XI)] for a vector
/// XI and [D size(XI)] otherwise.
///
/// ```text
/// >> pp = mkpp([0 2], [1 0 0]); ppval(pp, [0 1 2])
/// ans =
///
///    0   1   4
/// ```
pub fn ppval(ctx: &mut Ctx, args: Vec<Value>) -> Result<Vec<Value>> {
    check_nargout(ctx, 1, "ppval")?;
    let [pv, xv] = args.as_slice() else {
        return Err(Error::nargin("ppval"));
    };
    let Some(pp) = Pp::from_value(pv, "ppval")? else {
        return Err(Error::new(
            "ppval: first argument must be a pp-form structure",
        ));
    };
    let xi = xv.to_num_array("ppval")?;
    let nv = pp.values();
    let mut out = Vec::with_capacity(xi.numel() * nv);
    if pp.orient_first {
        for j in 0..nv {
            out.extend(xi.data().iter().map(|&x| pp.eval(x, j)));
        }
    } else {
        for &x in xi.data() {
            out.extend((0..nv).map(|j| pp.eval(x, j)));
        }
    }
    let points: Vec<usize> = if xi.dims().is_vector() || xi.numel() <= 1 {
        vec![xi.numel()]
    } else {
        xi.dims().as_slice().to_vec()
    };
    let dims = if nv == 1 && pp.dim.len() == 1 {
        xi.dims().clone()
    } else if pp.orient_first {
        let mut d = if points == [1] { vec![1] } else { points };
        d.extend_from_slice(&pp.dim);
        Dims::new(&d)
    } else {
        let mut d = pp.dim.clone();
        d.extend_from_slice(&points);
        Dims::new(&d)
    };
    Ok(vec![Value::Num(Array::new(dims, out))])
}
