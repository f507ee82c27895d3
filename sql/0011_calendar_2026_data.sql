-- 0011: the official 2026 calendar: public holidays and make-up working
-- days (调休), converted from shared/data/cn-calendar-2026.csv, whose header reads:
--   Official 2026 public holidays and make-up working days (国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04)
--   Source: https://politics.gmw.cn/2025-11/04/content_38391083.htm — other days: Mon–Fri work, Sat–Sun rest.
-- Days not listed: Monday to Friday work, Saturday and Sunday rest.
-- A later year is a new migration of the same shape.

INSERT INTO calendar_days (day, kind, name) VALUES
	('2026-01-01', 'holiday', '元旦'),
	('2026-01-02', 'holiday', '元旦'),
	('2026-01-03', 'holiday', '元旦'),
	('2026-01-04', 'workday', '元旦调休上班'),
	('2026-02-14', 'workday', '春节调休上班'),
	('2026-02-15', 'holiday', '春节'),
	('2026-02-16', 'holiday', '春节'),
	('2026-02-17', 'holiday', '春节'),
	('2026-02-18', 'holiday', '春节'),
	('2026-02-19', 'holiday', '春节'),
	('2026-02-20', 'holiday', '春节'),
	('2026-02-21', 'holiday', '春节'),
	('2026-02-22', 'holiday', '春节'),
	('2026-02-23', 'holiday', '春节'),
	('2026-02-28', 'workday', '春节调休上班'),
	('2026-04-04', 'holiday', '清明节'),
	('2026-04-05', 'holiday', '清明节'),
	('2026-04-06', 'holiday', '清明节'),
	('2026-05-01', 'holiday', '劳动节'),
	('2026-05-02', 'holiday', '劳动节'),
	('2026-05-03', 'holiday', '劳动节'),
	('2026-05-04', 'holiday', '劳动节'),
	('2026-05-05', 'holiday', '劳动节'),
	('2026-05-09', 'workday', '劳动节调休上班'),
	('2026-06-19', 'holiday', '端午节'),
	('2026-06-20', 'holiday', '端午节'),
	('2026-06-21', 'holiday', '端午节'),
	('2026-09-20', 'workday', '国庆节调休上班'),
	('2026-09-25', 'holiday', '中秋节'),
	('2026-09-26', 'holiday', '中秋节'),
	('2026-09-27', 'holiday', '中秋节'),
	('2026-10-01', 'holiday', '国庆节'),
	('2026-10-02', 'holiday', '国庆节'),
	('2026-10-03', 'holiday', '国庆节'),
	('2026-10-04', 'holiday', '国庆节'),
	('2026-10-05', 'holiday', '国庆节'),
	('2026-10-06', 'holiday', '国庆节'),
	('2026-10-07', 'holiday', '国庆节'),
	('2026-10-10', 'workday', '国庆节调休上班');
