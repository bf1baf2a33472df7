-- The schema qtrack 0.1.0 created (migration m001_initial), frozen: the upgrade tests start from it.
CREATE TABLE department (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	full_name VARCHAR, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);

CREATE TABLE migration (
	name VARCHAR NOT NULL, 
	applied_at DATETIME NOT NULL, 
	PRIMARY KEY (name)
);

CREATE TABLE "plan" (
	id VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	issuer VARCHAR, 
	doc_no VARCHAR, 
	issued DATE, 
	start DATE, 
	"end" DATE, 
	due DATE, 
	source VARCHAR, 
	notes VARCHAR, 
	lead VARCHAR NOT NULL, 
	path VARCHAR NOT NULL, 
	imported_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE department_alias (
	alias VARCHAR NOT NULL, 
	department_id INTEGER NOT NULL, 
	PRIMARY KEY (alias), 
	FOREIGN KEY(department_id) REFERENCES department (id)
);

CREATE INDEX ix_department_alias_department_id ON department_alias (department_id);

CREATE TABLE phase (
	id INTEGER NOT NULL, 
	plan_id VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	start DATE NOT NULL, 
	"end" DATE NOT NULL, 
	seq INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, name), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id)
);

CREATE TABLE section (
	id INTEGER NOT NULL, 
	plan_id VARCHAR NOT NULL, 
	code VARCHAR NOT NULL, 
	label VARCHAR, 
	title VARCHAR NOT NULL, 
	notes VARCHAR, 
	seq INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id)
);

CREATE TABLE task (
	id INTEGER NOT NULL, 
	plan_id VARCHAR NOT NULL, 
	section_id INTEGER, 
	parent_id INTEGER, 
	code VARCHAR NOT NULL, 
	label VARCHAR, 
	title VARCHAR NOT NULL, 
	text VARCHAR, 
	due DATE, 
	notes VARCHAR, 
	seq INTEGER NOT NULL, 
	depth INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id), 
	FOREIGN KEY(section_id) REFERENCES section (id), 
	FOREIGN KEY(parent_id) REFERENCES task (id)
);

CREATE INDEX ix_task_due ON task (due);

CREATE INDEX ix_task_plan_seq ON task (plan_id, seq);

CREATE TABLE duty (
	id INTEGER NOT NULL, 
	plan_id VARCHAR NOT NULL, 
	task_id INTEGER, 
	code VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	every VARCHAR NOT NULL, 
	day INTEGER, 
	start DATE NOT NULL, 
	"end" DATE NOT NULL, 
	notes VARCHAR, 
	seq INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id), 
	FOREIGN KEY(task_id) REFERENCES task (id)
);

CREATE TABLE target (
	id INTEGER NOT NULL, 
	plan_id VARCHAR NOT NULL, 
	task_id INTEGER, 
	code VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	op VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	value_high FLOAT, 
	unit VARCHAR, 
	due DATE, 
	baseline FLOAT, 
	notes VARCHAR, 
	seq INTEGER NOT NULL, 
	retired BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, code), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id), 
	FOREIGN KEY(task_id) REFERENCES task (id)
);

CREATE INDEX ix_target_task_id ON target (task_id);

CREATE TABLE task_department (
	task_id INTEGER NOT NULL, 
	department_id INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	PRIMARY KEY (task_id, department_id), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(department_id) REFERENCES department (id)
);

CREATE INDEX ix_task_department_dept ON task_department (department_id, role);

CREATE TABLE task_update (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	"by" VARCHAR NOT NULL, 
	status VARCHAR, 
	progress INTEGER, 
	note VARCHAR, 
	command VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(task_id) REFERENCES task (id)
);

CREATE INDEX ix_task_update_latest ON task_update (task_id, date, id);

CREATE TABLE duty_department (
	duty_id INTEGER NOT NULL, 
	department_id INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	seq INTEGER NOT NULL, 
	PRIMARY KEY (duty_id, department_id), 
	FOREIGN KEY(duty_id) REFERENCES duty (id), 
	FOREIGN KEY(department_id) REFERENCES department (id)
);

CREATE INDEX ix_duty_department_department_id ON duty_department (department_id);

CREATE TABLE duty_report (
	id INTEGER NOT NULL, 
	duty_id INTEGER NOT NULL, 
	period VARCHAR NOT NULL, 
	date DATE NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	"by" VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	note VARCHAR, 
	command VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(duty_id) REFERENCES duty (id)
);

CREATE INDEX ix_duty_report_latest ON duty_report (duty_id, period, id);

CREATE TABLE measurement (
	id INTEGER NOT NULL, 
	target_id INTEGER NOT NULL, 
	date DATE NOT NULL, 
	recorded_at DATETIME NOT NULL, 
	"by" VARCHAR NOT NULL, 
	value FLOAT NOT NULL, 
	note VARCHAR, 
	command VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(target_id) REFERENCES target (id)
);

CREATE INDEX ix_measurement_latest ON measurement (target_id, date, id);

