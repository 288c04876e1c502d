//! Numeric kernels behind the operators (stub until the ops branch lands).
use crate::error::{Error, Result};
use crate::syntax::ast::{BinOp, PostOp, UnOp};
use crate::value::Value;
pub fn binary(op: BinOp, a: &Value, b: &Value) -> Result<Value> {
    let (x, y) = (a.scalar_f64("op")?, b.scalar_f64("op")?);
    Ok(match op {
        BinOp::Add => Value::num(x + y),
        BinOp::Sub => Value::num(x - y),
        BinOp::Mul | BinOp::MatMul => Value::num(x * y),
        BinOp::Div | BinOp::MatDiv => Value::num(x / y),
        BinOp::Lt => Value::bool(x < y),
        BinOp::Gt => Value::bool(x > y),
        BinOp::Eq => Value::bool(x == y),
        _ => return Err(Error::new("stub")),
    })
}
pub fn unary(op: UnOp, a: &Value) -> Result<Value> {
    let x = a.scalar_f64("op")?;
    Ok(match op {
        UnOp::Neg => Value::num(-x),
        UnOp::Plus => Value::num(x),
        UnOp::Not => Value::bool(x == 0.0),
    })
}
pub fn postfix(_op: PostOp, a: &Value) -> Result<Value> {
    Ok(a.clone())
}
