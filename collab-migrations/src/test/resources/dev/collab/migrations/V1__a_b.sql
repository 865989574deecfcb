-- two tables
CREATE TABLE A (X INT);
CREATE TABLE B (
  Y INT
);
