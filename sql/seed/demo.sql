-- Demo seed data for Honglian.  Loaded by `honglian seed --demo` (or psql
-- --single-transaction -f) after all migrations.  Idempotent: every insert
-- is keyed on a natural key (chain code, credit code, chain + name, title)
-- with ON CONFLICT DO NOTHING or NOT EXISTS, so running it twice changes
-- nothing.
--
-- The seven chains 汽车部件, 聚氨酯, 氟硅材料, 金属新材料, 智能装备, 新一代信息技术
-- and 新医药 are real Zibo chains (demo = false).  The other thirteen chains
-- are plausible stand-ins, and EVERY person, bank, law firm, enterprise,
-- policy, event and bulletin below is fictional: all of them carry
-- demo = true and say so in a description or note.  Phone numbers use
-- the unassigned 0533-0000xxxx range; e-mail addresses use example.com.
-- Credit codes are valid per GB 32100-2015 (the CHECK on enterprises
-- verifies them) but belong to no real enterprise.
--
-- Users are not created here (argon2id hashes need libsodium): the C
-- seeder creates the demo users listed in docs/SCHEMA.md after this file.

-- The 20 chains.
INSERT INTO chains (code, name, description, sort_order, chain_leader_name, chain_leader_title, demo) VALUES
	('auto-parts', '汽车部件', '覆盖汽车零部件、新能源汽车电驱电控、车用材料与后市场服务，推动链上企业与整车厂配套对接。（链长、党委成员及“四个一”服务资源为演示数据）', 10, '邱学军', '链长（市级领导，演示）', false),
	('polyurethane', '聚氨酯', '以MDI、TDI、聚醚多元醇为基础，延伸至聚氨酯弹性体、涂料胶黏剂和保温材料等下游制品。（链长、党委成员及“四个一”服务资源为演示数据）', 20, '彭士杰', '链长（市级领导，演示）', false),
	('fluorosilicone', '氟硅材料', '围绕含氟聚合物、有机硅单体及下游制品，建设从基础原料到高端氟硅新材料的完整链条。（链长、党委成员及“四个一”服务资源为演示数据）', 30, '卢维民', '链长（市级领导，演示）', false),
	('new-metal-materials', '金属新材料', '聚焦铝基、镁基新材料、高温合金与金属粉末冶金，服务轻量化与高端制造配套。（链长、党委成员及“四个一”服务资源为演示数据）', 40, '段海燕', '链长（市级领导，演示）', false),
	('smart-equipment', '智能装备', '涵盖工业机器人、数控机床、泵阀与智能化生产线，推动装备企业数字化、智能化升级。（链长、党委成员及“四个一”服务资源为演示数据）', 50, '黄士杰', '链长（市级领导，演示）', false),
	('next-gen-it', '新一代信息技术', '面向工业互联网、软件和信息服务、电子元器件，赋能全市制造业数字化转型。（链长、党委成员及“四个一”服务资源为演示数据）', 60, '卢晓峰', '链长（市级领导，演示）', false),
	('new-medicine', '新医药', '覆盖化学原料药、现代中药、生物制品与医药中间体，服务链上企业研发注册与产业化。（链长、党委成员及“四个一”服务资源为演示数据）', 70, '张国栋', '链长（市级领导，演示）', false),
	('high-end-chemicals', '高端化工', '推动石化基础原料向高端精细化学品、专用化学品延伸，提升园区化、集约化水平。（演示数据：虚构产业链）', 80, '谭雅琴', '链长（市级领导，演示）', true),
	('ceramics-glass', '陶瓷琉璃', '传承淄博陶瓷琉璃技艺，发展日用陶瓷、先进结构陶瓷和琉璃文创产品。（演示数据：虚构产业链）', 90, '覃雅琴', '链长（市级领导，演示）', true),
	('medical-devices', '医疗器械', '聚焦医用耗材、体外诊断与康复器械，服务注册申报、质量体系与市场准入。（演示数据：虚构产业链）', 100, '曹士杰', '链长（市级领导，演示）', true),
	('new-energy', '新能源', '围绕光伏组件、风电装备配套与氢能应用，推动能源结构绿色低碳转型。（演示数据：虚构产业链）', 110, '吕春燕', '链长（市级领导，演示）', true),
	('integrated-circuits', '集成电路', '发展功率半导体、封装测试和电子专用材料，补强芯片应用与配套环节。（演示数据：虚构产业链）', 120, '沈佳琪', '链长（市级领导，演示）', true),
	('energy-saving', '节能环保', '覆盖节能装备、环保治理设备与资源综合利用，服务企业绿色改造与达标排放。（演示数据：虚构产业链）', 130, '田继承', '链长（市级领导，演示）', true),
	('green-building-materials', '绿色建材', '发展装配式建筑部品、新型墙体材料与功能性建材，推动建材行业绿色认证。（演示数据：虚构产业链）', 140, '万晓峰', '链长（市级领导，演示）', true),
	('textiles-apparel', '纺织服装', '推动丝绸、家纺与功能性纺织品提质升级，培育设计研发与品牌营销能力。（演示数据：虚构产业链）', 150, '方鹏飞', '链长（市级领导，演示）', true),
	('food-processing', '食品加工', '围绕粮油、肉制品、预制菜与特色农产品精深加工，保障食品安全与品牌建设。（演示数据：虚构产业链）', 160, '袁一鸣', '链长（市级领导，演示）', true),
	('modern-logistics', '现代物流', '建设多式联运、冷链与供应链服务体系，降低链上企业物流成本。（演示数据：虚构产业链）', 170, '高守信', '链长（市级领导，演示）', true),
	('culture-tourism', '文化旅游', '以齐文化、陶琉文化和乡村旅游为依托，培育文旅融合项目与文创企业。（演示数据：虚构产业链）', 180, '姚世平', '链长（市级领导，演示）', true),
	('refractories', '耐火材料', '依托博山、淄川耐火材料产业基础，发展高端定形与不定形耐火材料及服务。（演示数据：虚构产业链）', 190, '方长青', '链长（市级领导，演示）', true),
	('energy-storage', '储能', '聚焦电化学储能电池、储能系统集成与关键材料，服务新型电力系统建设。（演示数据：虚构产业链）', 200, '闫继承', '链长（市级领导，演示）', true)
ON CONFLICT (code) DO NOTHING;

-- Committees: a secretary and two members each.
INSERT INTO chain_committee_members (chain_id, name, title, committee_role, sort_order, demo)
SELECT c.id, v.name, v.title, v.committee_role, v.sort_order, true
FROM (VALUES
	('auto-parts', '谭成林', '汽车部件产业链党委书记', 'secretary', 1),
	('auto-parts', '邓梦瑶', '汽车部件产业链党委委员、链主企业党委书记', 'member', 2),
	('auto-parts', '黎淑芬', '汽车部件产业链党委委员、区县工信部门负责人', 'member', 3),
	('polyurethane', '潘凤霞', '聚氨酯产业链党委书记', 'secretary', 1),
	('polyurethane', '邓雅琴', '聚氨酯产业链党委委员、链主企业党委书记', 'member', 2),
	('polyurethane', '冯梦瑶', '聚氨酯产业链党委委员、区县工信部门负责人', 'member', 3),
	('fluorosilicone', '闫晓琳', '氟硅材料产业链党委书记', 'secretary', 1),
	('fluorosilicone', '田维民', '氟硅材料产业链党委委员、链主企业党委书记', 'member', 2),
	('fluorosilicone', '黄秀英', '氟硅材料产业链党委委员、区县工信部门负责人', 'member', 3),
	('new-metal-materials', '范世平', '金属新材料产业链党委书记', 'secretary', 1),
	('new-metal-materials', '魏玉兰', '金属新材料产业链党委委员、链主企业党委书记', 'member', 2),
	('new-metal-materials', '宋雪梅', '金属新材料产业链党委委员、区县工信部门负责人', 'member', 3),
	('smart-equipment', '孟春燕', '智能装备产业链党委书记', 'secretary', 1),
	('smart-equipment', '莫若溪', '智能装备产业链党委委员、链主企业党委书记', 'member', 2),
	('smart-equipment', '姚德胜', '智能装备产业链党委委员、区县工信部门负责人', 'member', 3),
	('next-gen-it', '宋光明', '新一代信息技术产业链党委书记', 'secretary', 1),
	('next-gen-it', '邱文博', '新一代信息技术产业链党委委员、链主企业党委书记', 'member', 2),
	('next-gen-it', '钱婷婷', '新一代信息技术产业链党委委员、区县工信部门负责人', 'member', 3),
	('new-medicine', '侯子涵', '新医药产业链党委书记', 'secretary', 1),
	('new-medicine', '范晓东', '新医药产业链党委委员、链主企业党委书记', 'member', 2),
	('new-medicine', '侯爱华', '新医药产业链党委委员、区县工信部门负责人', 'member', 3),
	('high-end-chemicals', '程宏伟', '高端化工产业链党委书记', 'secretary', 1),
	('high-end-chemicals', '钟文博', '高端化工产业链党委委员、链主企业党委书记', 'member', 2),
	('high-end-chemicals', '邵玉兰', '高端化工产业链党委委员、区县工信部门负责人', 'member', 3),
	('ceramics-glass', '薛天宇', '陶瓷琉璃产业链党委书记', 'secretary', 1),
	('ceramics-glass', '吕红霞', '陶瓷琉璃产业链党委委员、链主企业党委书记', 'member', 2),
	('ceramics-glass', '汤爱华', '陶瓷琉璃产业链党委委员、区县工信部门负责人', 'member', 3),
	('medical-devices', '丁浩然', '医疗器械产业链党委书记', 'secretary', 1),
	('medical-devices', '张晓琳', '医疗器械产业链党委委员、链主企业党委书记', 'member', 2),
	('medical-devices', '冯婷婷', '医疗器械产业链党委委员、区县工信部门负责人', 'member', 3),
	('new-energy', '顾国栋', '新能源产业链党委书记', 'secretary', 1),
	('new-energy', '高静怡', '新能源产业链党委委员、链主企业党委书记', 'member', 2),
	('new-energy', '姜秀英', '新能源产业链党委委员、区县工信部门负责人', 'member', 3),
	('integrated-circuits', '袁梦瑶', '集成电路产业链党委书记', 'secretary', 1),
	('integrated-circuits', '黎立新', '集成电路产业链党委委员、链主企业党委书记', 'member', 2),
	('integrated-circuits', '任雪梅', '集成电路产业链党委委员、区县工信部门负责人', 'member', 3),
	('energy-saving', '贾书瑶', '节能环保产业链党委书记', 'secretary', 1),
	('energy-saving', '袁子涵', '节能环保产业链党委委员、链主企业党委书记', 'member', 2),
	('energy-saving', '廖继承', '节能环保产业链党委委员、区县工信部门负责人', 'member', 3),
	('green-building-materials', '彭国栋', '绿色建材产业链党委书记', 'secretary', 1),
	('green-building-materials', '严晓琳', '绿色建材产业链党委委员、链主企业党委书记', 'member', 2),
	('green-building-materials', '罗雪梅', '绿色建材产业链党委委员、区县工信部门负责人', 'member', 3),
	('textiles-apparel', '高天宇', '纺织服装产业链党委书记', 'secretary', 1),
	('textiles-apparel', '金宇航', '纺织服装产业链党委委员、链主企业党委书记', 'member', 2),
	('textiles-apparel', '贺宏伟', '纺织服装产业链党委委员、区县工信部门负责人', 'member', 3),
	('food-processing', '徐立新', '食品加工产业链党委书记', 'secretary', 1),
	('food-processing', '贺欣然', '食品加工产业链党委委员、链主企业党委书记', 'member', 2),
	('food-processing', '崔静怡', '食品加工产业链党委委员、区县工信部门负责人', 'member', 3),
	('modern-logistics', '吴思远', '现代物流产业链党委书记', 'secretary', 1),
	('modern-logistics', '袁晓东', '现代物流产业链党委委员、链主企业党委书记', 'member', 2),
	('modern-logistics', '郭卫东', '现代物流产业链党委委员、区县工信部门负责人', 'member', 3),
	('culture-tourism', '曾子涵', '文化旅游产业链党委书记', 'secretary', 1),
	('culture-tourism', '孔凤霞', '文化旅游产业链党委委员、链主企业党委书记', 'member', 2),
	('culture-tourism', '廖子涵', '文化旅游产业链党委委员、区县工信部门负责人', 'member', 3),
	('refractories', '邵慧敏', '耐火材料产业链党委书记', 'secretary', 1),
	('refractories', '陶欣然', '耐火材料产业链党委委员、链主企业党委书记', 'member', 2),
	('refractories', '莫国栋', '耐火材料产业链党委委员、区县工信部门负责人', 'member', 3),
	('energy-storage', '史凤霞', '储能产业链党委书记', 'secretary', 1),
	('energy-storage', '顾守信', '储能产业链党委委员、链主企业党委书记', 'member', 2),
	('energy-storage', '钟庆丰', '储能产业链党委委员、区县工信部门负责人', 'member', 3)
) AS v(chain_code, name, title, committee_role, sort_order)
JOIN chains c ON c.code = v.chain_code
WHERE NOT EXISTS (SELECT 1 FROM chain_committee_members m
    WHERE m.chain_id = c.id AND m.name = v.name);

-- Expert panels: three experts per chain.
INSERT INTO experts (chain_id, name, field, organisation, title, phone, email, bio, sort_order, demo)
SELECT c.id, v.name, v.field, v.organisation, v.title, v.phone, v.email, v.bio, v.sort_order, true
FROM (VALUES
	('auto-parts', '万美玲', '汽车轻量化材料', '鲁中工业技术研究院', '教授级高级工程师', '0533-00000001', 'expert001@example.com', '长期从事汽车轻量化材料方向研究与企业服务。（演示数据：虚构专家）', 1),
	('auto-parts', '金爱华', '新能源汽车电驱系统', '淄博先进制造创新中心', '研究员', '0533-00000002', 'expert002@example.com', '长期从事新能源汽车电驱系统方向研究与企业服务。（演示数据：虚构专家）', 2),
	('auto-parts', '雷婷婷', '汽车零部件质量管理', '淄川化工技术服务中心', '高级工程师', '0533-00000003', 'expert003@example.com', '长期从事汽车零部件质量管理方向研究与企业服务。（演示数据：虚构专家）', 3),
	('polyurethane', '覃静怡', '聚氨酯合成工艺', '鲁中工业技术研究院', '高级工程师', '0533-00000004', 'expert004@example.com', '长期从事聚氨酯合成工艺方向研究与企业服务。（演示数据：虚构专家）', 1),
	('polyurethane', '曾一鸣', '化工安全生产', '齐都新材料研究所', '高级工程师', '0533-00000005', 'expert005@example.com', '长期从事化工安全生产方向研究与企业服务。（演示数据：虚构专家）', 2),
	('polyurethane', '张子涵', '聚氨酯制品应用', '齐鲁产业发展研究中心', '高级工程师', '0533-00000006', 'expert006@example.com', '长期从事聚氨酯制品应用方向研究与企业服务。（演示数据：虚构专家）', 3),
	('fluorosilicone', '彭秋菊', '含氟精细化学品', '鲁中理工学院', '研究员', '0533-00000007', 'expert007@example.com', '长期从事含氟精细化学品方向研究与企业服务。（演示数据：虚构专家）', 1),
	('fluorosilicone', '卢天宇', '有机硅材料改性', '齐鲁产业发展研究中心', '教授级高级工程师', '0533-00000008', 'expert008@example.com', '长期从事有机硅材料改性方向研究与企业服务。（演示数据：虚构专家）', 2),
	('fluorosilicone', '薛秋菊', '化工园区环保治理', '淄川化工技术服务中心', '研究员', '0533-00000009', 'expert009@example.com', '长期从事化工园区环保治理方向研究与企业服务。（演示数据：虚构专家）', 3),
	('new-metal-materials', '刘继承', '铝合金精深加工', '淄博先进制造创新中心', '研究员', '0533-00000010', 'expert010@example.com', '长期从事铝合金精深加工方向研究与企业服务。（演示数据：虚构专家）', 1),
	('new-metal-materials', '赵浩然', '粉末冶金', '鲁中工业技术研究院', '研究员', '0533-00000011', 'expert011@example.com', '长期从事粉末冶金方向研究与企业服务。（演示数据：虚构专家）', 2),
	('new-metal-materials', '许梦瑶', '金属材料检测认证', '淄博先进制造创新中心', '研究员', '0533-00000012', 'expert012@example.com', '长期从事金属材料检测认证方向研究与企业服务。（演示数据：虚构专家）', 3),
	('smart-equipment', '杜文静', '工业机器人集成', '淄博先进制造创新中心', '高级工程师', '0533-00000013', 'expert013@example.com', '长期从事工业机器人集成方向研究与企业服务。（演示数据：虚构专家）', 1),
	('smart-equipment', '金庆丰', '智能制造系统', '齐都新材料研究所', '研究员', '0533-00000014', 'expert014@example.com', '长期从事智能制造系统方向研究与企业服务。（演示数据：虚构专家）', 2),
	('smart-equipment', '欧振华', '泵阀流体机械', '齐鲁产业发展研究中心', '高级工程师', '0533-00000015', 'expert015@example.com', '长期从事泵阀流体机械方向研究与企业服务。（演示数据：虚构专家）', 3),
	('next-gen-it', '侯慧敏', '工业互联网平台', '淄川化工技术服务中心', '研究员', '0533-00000016', 'expert016@example.com', '长期从事工业互联网平台方向研究与企业服务。（演示数据：虚构专家）', 1),
	('next-gen-it', '欧玉兰', '数据安全与合规', '鲁中理工学院', '高级工程师', '0533-00000017', 'expert017@example.com', '长期从事数据安全与合规方向研究与企业服务。（演示数据：虚构专家）', 2),
	('next-gen-it', '白丽华', '电子元器件设计', '淄博先进制造创新中心', '高级工程师', '0533-00000018', 'expert018@example.com', '长期从事电子元器件设计方向研究与企业服务。（演示数据：虚构专家）', 3),
	('new-medicine', '蔡家豪', '药品注册与GMP', '鲁中理工学院', '教授级高级工程师', '0533-00000019', 'expert019@example.com', '长期从事药品注册与GMP方向研究与企业服务。（演示数据：虚构专家）', 1),
	('new-medicine', '杨鹏飞', '原料药绿色工艺', '齐都新材料研究所', '高级工程师', '0533-00000020', 'expert020@example.com', '长期从事原料药绿色工艺方向研究与企业服务。（演示数据：虚构专家）', 2),
	('new-medicine', '秦淑芬', '生物制药研发', '齐都新材料研究所', '高级工程师', '0533-00000021', 'expert021@example.com', '长期从事生物制药研发方向研究与企业服务。（演示数据：虚构专家）', 3),
	('high-end-chemicals', '闫建国', '精细化工工艺', '鲁中理工学院', '副教授', '0533-00000022', 'expert022@example.com', '长期从事精细化工工艺方向研究与企业服务。（演示数据：虚构专家）', 1),
	('high-end-chemicals', '韩秀英', '化工过程安全', '鲁中工业技术研究院', '教授级高级工程师', '0533-00000023', 'expert023@example.com', '长期从事化工过程安全方向研究与企业服务。（演示数据：虚构专家）', 2),
	('high-end-chemicals', '邵士杰', '催化材料', '鲁中工业技术研究院', '副教授', '0533-00000024', 'expert024@example.com', '长期从事催化材料方向研究与企业服务。（演示数据：虚构专家）', 3),
	('ceramics-glass', '郝宏伟', '先进陶瓷材料', '淄川化工技术服务中心', '副教授', '0533-00000025', 'expert025@example.com', '长期从事先进陶瓷材料方向研究与企业服务。（演示数据：虚构专家）', 1),
	('ceramics-glass', '汤俊峰', '琉璃工艺设计', '淄博先进制造创新中心', '副教授', '0533-00000026', 'expert026@example.com', '长期从事琉璃工艺设计方向研究与企业服务。（演示数据：虚构专家）', 2),
	('ceramics-glass', '贺红霞', '陶瓷窑炉节能', '淄博先进制造创新中心', '高级工程师', '0533-00000027', 'expert027@example.com', '长期从事陶瓷窑炉节能方向研究与企业服务。（演示数据：虚构专家）', 3),
	('medical-devices', '杜欣然', '医疗器械注册', '齐鲁产业发展研究中心', '副教授', '0533-00000028', 'expert028@example.com', '长期从事医疗器械注册方向研究与企业服务。（演示数据：虚构专家）', 1),
	('medical-devices', '万雅琴', '体外诊断试剂', '鲁中工业技术研究院', '副教授', '0533-00000029', 'expert029@example.com', '长期从事体外诊断试剂方向研究与企业服务。（演示数据：虚构专家）', 2),
	('medical-devices', '郭建国', '医用高分子材料', '淄博先进制造创新中心', '高级工程师', '0533-00000030', 'expert030@example.com', '长期从事医用高分子材料方向研究与企业服务。（演示数据：虚构专家）', 3),
	('new-energy', '覃思远', '光伏组件制造', '淄川化工技术服务中心', '教授级高级工程师', '0533-00000031', 'expert031@example.com', '长期从事光伏组件制造方向研究与企业服务。（演示数据：虚构专家）', 1),
	('new-energy', '熊明远', '氢能储运', '齐鲁产业发展研究中心', '研究员', '0533-00000032', 'expert032@example.com', '长期从事氢能储运方向研究与企业服务。（演示数据：虚构专家）', 2),
	('new-energy', '尹嘉怡', '新能源并网', '齐鲁产业发展研究中心', '高级工程师', '0533-00000033', 'expert033@example.com', '长期从事新能源并网方向研究与企业服务。（演示数据：虚构专家）', 3),
	('integrated-circuits', '赖子涵', '功率半导体器件', '齐鲁产业发展研究中心', '教授级高级工程师', '0533-00000034', 'expert034@example.com', '长期从事功率半导体器件方向研究与企业服务。（演示数据：虚构专家）', 1),
	('integrated-circuits', '严学军', '封装测试工艺', '淄川化工技术服务中心', '副教授', '0533-00000035', 'expert035@example.com', '长期从事封装测试工艺方向研究与企业服务。（演示数据：虚构专家）', 2),
	('integrated-circuits', '张维民', '电子级化学品', '淄川化工技术服务中心', '研究员', '0533-00000036', 'expert036@example.com', '长期从事电子级化学品方向研究与企业服务。（演示数据：虚构专家）', 3),
	('energy-saving', '廖美玲', '工业节能诊断', '鲁中工业技术研究院', '研究员', '0533-00000037', 'expert037@example.com', '长期从事工业节能诊断方向研究与企业服务。（演示数据：虚构专家）', 1),
	('energy-saving', '胡立新', '大气污染治理', '鲁中工业技术研究院', '教授级高级工程师', '0533-00000038', 'expert038@example.com', '长期从事大气污染治理方向研究与企业服务。（演示数据：虚构专家）', 2),
	('energy-saving', '魏丽华', '固废资源化利用', '齐都新材料研究所', '教授级高级工程师', '0533-00000039', 'expert039@example.com', '长期从事固废资源化利用方向研究与企业服务。（演示数据：虚构专家）', 3),
	('green-building-materials', '于文静', '装配式建筑', '齐鲁产业发展研究中心', '高级工程师', '0533-00000040', 'expert040@example.com', '长期从事装配式建筑方向研究与企业服务。（演示数据：虚构专家）', 1),
	('green-building-materials', '田俊峰', '新型墙体材料', '齐鲁产业发展研究中心', '教授级高级工程师', '0533-00000041', 'expert041@example.com', '长期从事新型墙体材料方向研究与企业服务。（演示数据：虚构专家）', 2),
	('green-building-materials', '蔡雪梅', '绿色建材认证', '淄川化工技术服务中心', '教授级高级工程师', '0533-00000042', 'expert042@example.com', '长期从事绿色建材认证方向研究与企业服务。（演示数据：虚构专家）', 3),
	('textiles-apparel', '张梦瑶', '功能性纤维', '鲁中理工学院', '研究员', '0533-00000043', 'expert043@example.com', '长期从事功能性纤维方向研究与企业服务。（演示数据：虚构专家）', 1),
	('textiles-apparel', '向慧敏', '服装设计与品牌', '鲁中理工学院', '研究员', '0533-00000044', 'expert044@example.com', '长期从事服装设计与品牌方向研究与企业服务。（演示数据：虚构专家）', 2),
	('textiles-apparel', '夏广平', '印染清洁生产', '淄川化工技术服务中心', '教授级高级工程师', '0533-00000045', 'expert045@example.com', '长期从事印染清洁生产方向研究与企业服务。（演示数据：虚构专家）', 3),
	('food-processing', '李浩然', '食品安全管理', '齐都新材料研究所', '教授级高级工程师', '0533-00000046', 'expert046@example.com', '长期从事食品安全管理方向研究与企业服务。（演示数据：虚构专家）', 1),
	('food-processing', '白文静', '预制菜工艺', '淄川化工技术服务中心', '高级工程师', '0533-00000047', 'expert047@example.com', '长期从事预制菜工艺方向研究与企业服务。（演示数据：虚构专家）', 2),
	('food-processing', '武书瑶', '农产品冷链', '齐鲁产业发展研究中心', '副教授', '0533-00000048', 'expert048@example.com', '长期从事农产品冷链方向研究与企业服务。（演示数据：虚构专家）', 3),
	('modern-logistics', '姚静怡', '供应链管理', '淄川化工技术服务中心', '研究员', '0533-00000049', 'expert049@example.com', '长期从事供应链管理方向研究与企业服务。（演示数据：虚构专家）', 1),
	('modern-logistics', '韦海燕', '多式联运', '齐都新材料研究所', '教授级高级工程师', '0533-00000050', 'expert050@example.com', '长期从事多式联运方向研究与企业服务。（演示数据：虚构专家）', 2),
	('modern-logistics', '郭玉兰', '智慧仓储', '鲁中理工学院', '副教授', '0533-00000051', 'expert051@example.com', '长期从事智慧仓储方向研究与企业服务。（演示数据：虚构专家）', 3),
	('culture-tourism', '江静怡', '文旅项目策划', '齐鲁产业发展研究中心', '教授级高级工程师', '0533-00000052', 'expert052@example.com', '长期从事文旅项目策划方向研究与企业服务。（演示数据：虚构专家）', 1),
	('culture-tourism', '薛子涵', '文创产品开发', '鲁中理工学院', '高级工程师', '0533-00000053', 'expert053@example.com', '长期从事文创产品开发方向研究与企业服务。（演示数据：虚构专家）', 2),
	('culture-tourism', '黎红梅', '旅游景区运营', '鲁中工业技术研究院', '副教授', '0533-00000054', 'expert054@example.com', '长期从事旅游景区运营方向研究与企业服务。（演示数据：虚构专家）', 3),
	('refractories', '王静怡', '高温耐火材料', '淄博先进制造创新中心', '副教授', '0533-00000055', 'expert055@example.com', '长期从事高温耐火材料方向研究与企业服务。（演示数据：虚构专家）', 1),
	('refractories', '袁嘉怡', '窑炉内衬设计', '齐都新材料研究所', '教授级高级工程师', '0533-00000056', 'expert056@example.com', '长期从事窑炉内衬设计方向研究与企业服务。（演示数据：虚构专家）', 2),
	('refractories', '冯继承', '矿产资源综合利用', '齐都新材料研究所', '教授级高级工程师', '0533-00000057', 'expert057@example.com', '长期从事矿产资源综合利用方向研究与企业服务。（演示数据：虚构专家）', 3),
	('energy-storage', '谭玉兰', '锂电池材料', '淄博先进制造创新中心', '副教授', '0533-00000058', 'expert058@example.com', '长期从事锂电池材料方向研究与企业服务。（演示数据：虚构专家）', 1),
	('energy-storage', '陆广平', '储能系统集成', '齐鲁产业发展研究中心', '副教授', '0533-00000059', 'expert059@example.com', '长期从事储能系统集成方向研究与企业服务。（演示数据：虚构专家）', 2),
	('energy-storage', '王振华', '电池安全测试', '齐鲁产业发展研究中心', '副教授', '0533-00000060', 'expert060@example.com', '长期从事电池安全测试方向研究与企业服务。（演示数据：虚构专家）', 3)
) AS v(chain_code, name, field, organisation, title, phone, email, bio, sort_order)
JOIN chains c ON c.code = v.chain_code
WHERE NOT EXISTS (SELECT 1 FROM experts e WHERE e.chain_id = c.id AND e.name = v.name);

-- Policy pack contacts: one per chain.
INSERT INTO policy_packs (chain_id, contact_name, contact_phone, contact_email, department, note, demo)
SELECT c.id, v.contact_name, v.contact_phone, v.contact_email, v.department, v.note, true
FROM (VALUES
	('auto-parts', '沈成林', '0533-00000061', 'policy-auto-parts@example.com', '市工业和信息化局装备工业科', '汽车部件产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('polyurethane', '顾雪梅', '0533-00000062', 'policy-polyurethane@example.com', '市工业和信息化局原材料工业科', '聚氨酯产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('fluorosilicone', '徐静怡', '0533-00000063', 'policy-fluorosilicone@example.com', '市工业和信息化局原材料工业科', '氟硅材料产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('new-metal-materials', '陶文博', '0533-00000064', 'policy-new-metal-materials@example.com', '市工业和信息化局原材料工业科', '金属新材料产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('smart-equipment', '雷明远', '0533-00000065', 'policy-smart-equipment@example.com', '市工业和信息化局装备工业科', '智能装备产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('next-gen-it', '韦永刚', '0533-00000066', 'policy-next-gen-it@example.com', '市大数据局产业发展科', '新一代信息技术产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('new-medicine', '贾世平', '0533-00000067', 'policy-new-medicine@example.com', '市工业和信息化局医药产业科', '新医药产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('high-end-chemicals', '崔亚楠', '0533-00000068', 'policy-high-end-chemicals@example.com', '市工业和信息化局化工产业科', '高端化工产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('ceramics-glass', '熊宇航', '0533-00000069', 'policy-ceramics-glass@example.com', '市工业和信息化局轻工业科', '陶瓷琉璃产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('medical-devices', '姜思远', '0533-00000070', 'policy-medical-devices@example.com', '市市场监管局医疗器械科', '医疗器械产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('new-energy', '周继承', '0533-00000071', 'policy-new-energy@example.com', '市发展和改革委员会能源科', '新能源产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('integrated-circuits', '徐文博', '0533-00000072', 'policy-integrated-circuits@example.com', '市工业和信息化局电子信息科', '集成电路产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('energy-saving', '邱俊峰', '0533-00000073', 'policy-energy-saving@example.com', '市生态环境局科技与财务科', '节能环保产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('green-building-materials', '谢玉兰', '0533-00000074', 'policy-green-building-materials@example.com', '市住房和城乡建设局建筑节能科', '绿色建材产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('textiles-apparel', '严慧敏', '0533-00000075', 'policy-textiles-apparel@example.com', '市工业和信息化局消费品工业科', '纺织服装产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('food-processing', '贺婷婷', '0533-00000076', 'policy-food-processing@example.com', '市农业农村局产业发展科', '食品加工产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('modern-logistics', '周书瑶', '0533-00000077', 'policy-modern-logistics@example.com', '市交通运输局物流发展科', '现代物流产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('culture-tourism', '郑慧敏', '0533-00000078', 'policy-culture-tourism@example.com', '市文化和旅游局产业发展科', '文化旅游产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('refractories', '许继承', '0533-00000079', 'policy-refractories@example.com', '市工业和信息化局建材工业科', '耐火材料产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）'),
	('energy-storage', '魏国栋', '0533-00000080', 'policy-energy-storage@example.com', '市发展和改革委员会能源科', '储能产业链政策对接包联系人，负责政策咨询、申报辅导与审批协调。（演示数据）')
) AS v(chain_code, contact_name, contact_phone, contact_email, department, note)
JOIN chains c ON c.code = v.chain_code
ON CONFLICT (chain_id) DO NOTHING;

-- Lead banks: one per chain (fictional banks).
INSERT INTO lead_banks (chain_id, bank_name, branch, address, phone, note, demo)
SELECT c.id, v.bank_name, v.branch, v.address, v.phone, v.note, true
FROM (VALUES
	('auto-parts', '齐源银行', '淄博分行', '淄博市张店区演示路1号', '0533-00000081', '汽车部件产业链主办银行。（演示数据：虚构银行）'),
	('polyurethane', '鲁中商业银行', '淄博分行', '淄博市张店区演示路2号', '0533-00000082', '聚氨酯产业链主办银行。（演示数据：虚构银行）'),
	('fluorosilicone', '淄水农村商业银行', '营业部', '淄博市张店区演示路3号', '0533-00000083', '氟硅材料产业链主办银行。（演示数据：虚构银行）'),
	('new-metal-materials', '泰和银行', '淄博分行', '淄博市张店区演示路4号', '0533-00000084', '金属新材料产业链主办银行。（演示数据：虚构银行）'),
	('smart-equipment', '华齐银行', '淄博张店支行', '淄博市张店区演示路5号', '0533-00000085', '智能装备产业链主办银行。（演示数据：虚构银行）'),
	('next-gen-it', '汇鲁银行', '淄博分行', '淄博市张店区演示路6号', '0533-00000086', '新一代信息技术产业链主办银行。（演示数据：虚构银行）'),
	('new-medicine', '齐源银行', '淄博分行', '淄博市张店区演示路7号', '0533-00000087', '新医药产业链主办银行。（演示数据：虚构银行）'),
	('high-end-chemicals', '鲁中商业银行', '淄博分行', '淄博市张店区演示路8号', '0533-00000088', '高端化工产业链主办银行。（演示数据：虚构银行）'),
	('ceramics-glass', '淄水农村商业银行', '营业部', '淄博市张店区演示路9号', '0533-00000089', '陶瓷琉璃产业链主办银行。（演示数据：虚构银行）'),
	('medical-devices', '泰和银行', '淄博分行', '淄博市张店区演示路10号', '0533-00000090', '医疗器械产业链主办银行。（演示数据：虚构银行）'),
	('new-energy', '华齐银行', '淄博张店支行', '淄博市张店区演示路11号', '0533-00000091', '新能源产业链主办银行。（演示数据：虚构银行）'),
	('integrated-circuits', '汇鲁银行', '淄博分行', '淄博市张店区演示路12号', '0533-00000092', '集成电路产业链主办银行。（演示数据：虚构银行）'),
	('energy-saving', '齐源银行', '淄博分行', '淄博市张店区演示路13号', '0533-00000093', '节能环保产业链主办银行。（演示数据：虚构银行）'),
	('green-building-materials', '鲁中商业银行', '淄博分行', '淄博市张店区演示路14号', '0533-00000094', '绿色建材产业链主办银行。（演示数据：虚构银行）'),
	('textiles-apparel', '淄水农村商业银行', '营业部', '淄博市张店区演示路15号', '0533-00000095', '纺织服装产业链主办银行。（演示数据：虚构银行）'),
	('food-processing', '泰和银行', '淄博分行', '淄博市张店区演示路16号', '0533-00000096', '食品加工产业链主办银行。（演示数据：虚构银行）'),
	('modern-logistics', '华齐银行', '淄博张店支行', '淄博市张店区演示路17号', '0533-00000097', '现代物流产业链主办银行。（演示数据：虚构银行）'),
	('culture-tourism', '汇鲁银行', '淄博分行', '淄博市张店区演示路18号', '0533-00000098', '文化旅游产业链主办银行。（演示数据：虚构银行）'),
	('refractories', '齐源银行', '淄博分行', '淄博市张店区演示路19号', '0533-00000099', '耐火材料产业链主办银行。（演示数据：虚构银行）'),
	('energy-storage', '鲁中商业银行', '淄博分行', '淄博市张店区演示路20号', '0533-00000100', '储能产业链主办银行。（演示数据：虚构银行）')
) AS v(chain_code, bank_name, branch, address, phone, note)
JOIN chains c ON c.code = v.chain_code
ON CONFLICT (chain_id) DO NOTHING;

-- Two account managers per lead bank.
INSERT INTO bank_account_managers (bank_id, name, title, phone, email, sort_order, demo)
SELECT b.id, v.name, v.title, v.phone, v.email, v.sort_order, true
FROM (VALUES
	('auto-parts', '姚学军', '客户经理', '0533-00000101', 'am001@example.com', 1),
	('auto-parts', '金长青', '公司业务部副经理', '0533-00000102', 'am002@example.com', 2),
	('polyurethane', '周婷婷', '客户经理', '0533-00000103', 'am003@example.com', 1),
	('polyurethane', '余庆丰', '公司业务部副经理', '0533-00000104', 'am004@example.com', 2),
	('fluorosilicone', '白静怡', '客户经理', '0533-00000105', 'am005@example.com', 1),
	('fluorosilicone', '邓家豪', '公司业务部副经理', '0533-00000106', 'am006@example.com', 2),
	('new-metal-materials', '龚德胜', '客户经理', '0533-00000107', 'am007@example.com', 1),
	('new-metal-materials', '孟思远', '公司业务部副经理', '0533-00000108', 'am008@example.com', 2),
	('smart-equipment', '马广平', '客户经理', '0533-00000109', 'am009@example.com', 1),
	('smart-equipment', '李文静', '公司业务部副经理', '0533-00000110', 'am010@example.com', 2),
	('next-gen-it', '朱玉兰', '客户经理', '0533-00000111', 'am011@example.com', 1),
	('next-gen-it', '侯志强', '公司业务部副经理', '0533-00000112', 'am012@example.com', 2),
	('new-medicine', '李鹏飞', '客户经理', '0533-00000113', 'am013@example.com', 1),
	('new-medicine', '朱梦瑶', '公司业务部副经理', '0533-00000114', 'am014@example.com', 2),
	('high-end-chemicals', '苏晓峰', '客户经理', '0533-00000115', 'am015@example.com', 1),
	('high-end-chemicals', '孙维民', '公司业务部副经理', '0533-00000116', 'am016@example.com', 2),
	('ceramics-glass', '陈继承', '客户经理', '0533-00000117', 'am017@example.com', 1),
	('ceramics-glass', '廖书瑶', '公司业务部副经理', '0533-00000118', 'am018@example.com', 2),
	('medical-devices', '龙一鸣', '客户经理', '0533-00000119', 'am019@example.com', 1),
	('medical-devices', '邹嘉怡', '公司业务部副经理', '0533-00000120', 'am020@example.com', 2),
	('new-energy', '邹雅琴', '客户经理', '0533-00000121', 'am021@example.com', 1),
	('new-energy', '贾志强', '公司业务部副经理', '0533-00000122', 'am022@example.com', 2),
	('integrated-circuits', '曾文静', '客户经理', '0533-00000123', 'am023@example.com', 1),
	('integrated-circuits', '欧鹏飞', '公司业务部副经理', '0533-00000124', 'am024@example.com', 2),
	('energy-saving', '孔淑芬', '客户经理', '0533-00000125', 'am025@example.com', 1),
	('energy-saving', '范庆丰', '公司业务部副经理', '0533-00000126', 'am026@example.com', 2),
	('green-building-materials', '易海燕', '客户经理', '0533-00000127', 'am027@example.com', 1),
	('green-building-materials', '郝晓峰', '公司业务部副经理', '0533-00000128', 'am028@example.com', 2),
	('textiles-apparel', '陆立新', '客户经理', '0533-00000129', 'am029@example.com', 1),
	('textiles-apparel', '胡鹏飞', '公司业务部副经理', '0533-00000130', 'am030@example.com', 2),
	('food-processing', '丁晓琳', '客户经理', '0533-00000131', 'am031@example.com', 1),
	('food-processing', '熊红梅', '公司业务部副经理', '0533-00000132', 'am032@example.com', 2),
	('modern-logistics', '白维民', '客户经理', '0533-00000133', 'am033@example.com', 1),
	('modern-logistics', '孙春燕', '公司业务部副经理', '0533-00000134', 'am034@example.com', 2),
	('culture-tourism', '杨建国', '客户经理', '0533-00000135', 'am035@example.com', 1),
	('culture-tourism', '许晓琳', '公司业务部副经理', '0533-00000136', 'am036@example.com', 2),
	('refractories', '莫长青', '客户经理', '0533-00000137', 'am037@example.com', 1),
	('refractories', '段亚楠', '公司业务部副经理', '0533-00000138', 'am038@example.com', 2),
	('energy-storage', '罗鹏飞', '客户经理', '0533-00000139', 'am039@example.com', 1),
	('energy-storage', '郭雪梅', '公司业务部副经理', '0533-00000140', 'am040@example.com', 2)
) AS v(chain_code, name, title, phone, email, sort_order)
JOIN chains c ON c.code = v.chain_code
JOIN lead_banks b ON b.chain_id = c.id
WHERE NOT EXISTS (SELECT 1 FROM bank_account_managers m
    WHERE m.bank_id = b.id AND m.name = v.name);

-- Two financing products per lead bank.
INSERT INTO financing_products (bank_id, name, kind, rate_text, max_amount_yuan, term_months, summary, sort_order, demo)
SELECT b.id, v.name, v.kind, v.rate_text, v.max_amount_yuan, v.term_months, v.summary, v.sort_order, true
FROM (VALUES
	('auto-parts', '汽车部件·链易贷', 'credit_loan', 'LPR+20BP起', 10000000, 12, '纯信用流动资金贷款，随借随还，线上审批。（演示数据：虚构产品）', 1),
	('auto-parts', '汽车部件·科创积分贷', 'credit_loan', '年化3.45%起', 5000000, 12, '依据科技创新积分授信，面向科技型中小企业。（演示数据：虚构产品）', 2),
	('polyurethane', '聚氨酯·知产质押贷', 'ip_pledge', '年化3.6%起', 20000000, 36, '以专利权、商标权质押融资，政府风险补偿。（演示数据：虚构产品）', 1),
	('polyurethane', '聚氨酯·链上e融', 'supply_chain', '年化3.3%起', 30000000, 12, '依托链主企业应付账款的供应链融资，在线确权。（演示数据：虚构产品）', 2),
	('fluorosilicone', '氟硅材料·技改专项贷', 'secured_loan', 'LPR起', 50000000, 60, '支持设备更新和技术改造项目的中长期贷款。（演示数据：虚构产品）', 1),
	('fluorosilicone', '氟硅材料·银担保', 'guarantee', '担保费率0.5%', 10000000, 12, '与政府性融资担保机构合作，降低担保费率。（演示数据：虚构产品）', 2),
	('new-metal-materials', '金属新材料·票据秒贴', 'bill', '以当日报价为准', 50000000, 6, '银行承兑汇票线上贴现，资金实时到账。（演示数据：虚构产品）', 1),
	('new-metal-materials', '金属新材料·设备融资租赁', 'leasing', '年化4.2%起', 30000000, 48, '以租代购，缓解设备购置资金压力。（演示数据：虚构产品）', 2),
	('smart-equipment', '智能装备·链易贷', 'credit_loan', 'LPR+20BP起', 10000000, 12, '纯信用流动资金贷款，随借随还，线上审批。（演示数据：虚构产品）', 1),
	('smart-equipment', '智能装备·科创积分贷', 'credit_loan', '年化3.45%起', 5000000, 12, '依据科技创新积分授信，面向科技型中小企业。（演示数据：虚构产品）', 2),
	('next-gen-it', '新一代信息技术·知产质押贷', 'ip_pledge', '年化3.6%起', 20000000, 36, '以专利权、商标权质押融资，政府风险补偿。（演示数据：虚构产品）', 1),
	('next-gen-it', '新一代信息技术·链上e融', 'supply_chain', '年化3.3%起', 30000000, 12, '依托链主企业应付账款的供应链融资，在线确权。（演示数据：虚构产品）', 2),
	('new-medicine', '新医药·技改专项贷', 'secured_loan', 'LPR起', 50000000, 60, '支持设备更新和技术改造项目的中长期贷款。（演示数据：虚构产品）', 1),
	('new-medicine', '新医药·银担保', 'guarantee', '担保费率0.5%', 10000000, 12, '与政府性融资担保机构合作，降低担保费率。（演示数据：虚构产品）', 2),
	('high-end-chemicals', '高端化工·票据秒贴', 'bill', '以当日报价为准', 50000000, 6, '银行承兑汇票线上贴现，资金实时到账。（演示数据：虚构产品）', 1),
	('high-end-chemicals', '高端化工·设备融资租赁', 'leasing', '年化4.2%起', 30000000, 48, '以租代购，缓解设备购置资金压力。（演示数据：虚构产品）', 2),
	('ceramics-glass', '陶瓷琉璃·链易贷', 'credit_loan', 'LPR+20BP起', 10000000, 12, '纯信用流动资金贷款，随借随还，线上审批。（演示数据：虚构产品）', 1),
	('ceramics-glass', '陶瓷琉璃·科创积分贷', 'credit_loan', '年化3.45%起', 5000000, 12, '依据科技创新积分授信，面向科技型中小企业。（演示数据：虚构产品）', 2),
	('medical-devices', '医疗器械·知产质押贷', 'ip_pledge', '年化3.6%起', 20000000, 36, '以专利权、商标权质押融资，政府风险补偿。（演示数据：虚构产品）', 1),
	('medical-devices', '医疗器械·链上e融', 'supply_chain', '年化3.3%起', 30000000, 12, '依托链主企业应付账款的供应链融资，在线确权。（演示数据：虚构产品）', 2),
	('new-energy', '新能源·技改专项贷', 'secured_loan', 'LPR起', 50000000, 60, '支持设备更新和技术改造项目的中长期贷款。（演示数据：虚构产品）', 1),
	('new-energy', '新能源·银担保', 'guarantee', '担保费率0.5%', 10000000, 12, '与政府性融资担保机构合作，降低担保费率。（演示数据：虚构产品）', 2),
	('integrated-circuits', '集成电路·票据秒贴', 'bill', '以当日报价为准', 50000000, 6, '银行承兑汇票线上贴现，资金实时到账。（演示数据：虚构产品）', 1),
	('integrated-circuits', '集成电路·设备融资租赁', 'leasing', '年化4.2%起', 30000000, 48, '以租代购，缓解设备购置资金压力。（演示数据：虚构产品）', 2),
	('energy-saving', '节能环保·链易贷', 'credit_loan', 'LPR+20BP起', 10000000, 12, '纯信用流动资金贷款，随借随还，线上审批。（演示数据：虚构产品）', 1),
	('energy-saving', '节能环保·科创积分贷', 'credit_loan', '年化3.45%起', 5000000, 12, '依据科技创新积分授信，面向科技型中小企业。（演示数据：虚构产品）', 2),
	('green-building-materials', '绿色建材·知产质押贷', 'ip_pledge', '年化3.6%起', 20000000, 36, '以专利权、商标权质押融资，政府风险补偿。（演示数据：虚构产品）', 1),
	('green-building-materials', '绿色建材·链上e融', 'supply_chain', '年化3.3%起', 30000000, 12, '依托链主企业应付账款的供应链融资，在线确权。（演示数据：虚构产品）', 2),
	('textiles-apparel', '纺织服装·技改专项贷', 'secured_loan', 'LPR起', 50000000, 60, '支持设备更新和技术改造项目的中长期贷款。（演示数据：虚构产品）', 1),
	('textiles-apparel', '纺织服装·银担保', 'guarantee', '担保费率0.5%', 10000000, 12, '与政府性融资担保机构合作，降低担保费率。（演示数据：虚构产品）', 2),
	('food-processing', '食品加工·票据秒贴', 'bill', '以当日报价为准', 50000000, 6, '银行承兑汇票线上贴现，资金实时到账。（演示数据：虚构产品）', 1),
	('food-processing', '食品加工·设备融资租赁', 'leasing', '年化4.2%起', 30000000, 48, '以租代购，缓解设备购置资金压力。（演示数据：虚构产品）', 2),
	('modern-logistics', '现代物流·链易贷', 'credit_loan', 'LPR+20BP起', 10000000, 12, '纯信用流动资金贷款，随借随还，线上审批。（演示数据：虚构产品）', 1),
	('modern-logistics', '现代物流·科创积分贷', 'credit_loan', '年化3.45%起', 5000000, 12, '依据科技创新积分授信，面向科技型中小企业。（演示数据：虚构产品）', 2),
	('culture-tourism', '文化旅游·知产质押贷', 'ip_pledge', '年化3.6%起', 20000000, 36, '以专利权、商标权质押融资，政府风险补偿。（演示数据：虚构产品）', 1),
	('culture-tourism', '文化旅游·链上e融', 'supply_chain', '年化3.3%起', 30000000, 12, '依托链主企业应付账款的供应链融资，在线确权。（演示数据：虚构产品）', 2),
	('refractories', '耐火材料·技改专项贷', 'secured_loan', 'LPR起', 50000000, 60, '支持设备更新和技术改造项目的中长期贷款。（演示数据：虚构产品）', 1),
	('refractories', '耐火材料·银担保', 'guarantee', '担保费率0.5%', 10000000, 12, '与政府性融资担保机构合作，降低担保费率。（演示数据：虚构产品）', 2),
	('energy-storage', '储能·票据秒贴', 'bill', '以当日报价为准', 50000000, 6, '银行承兑汇票线上贴现，资金实时到账。（演示数据：虚构产品）', 1),
	('energy-storage', '储能·设备融资租赁', 'leasing', '年化4.2%起', 30000000, 48, '以租代购，缓解设备购置资金压力。（演示数据：虚构产品）', 2)
) AS v(chain_code, name, kind, rate_text, max_amount_yuan, term_months, summary, sort_order)
JOIN chains c ON c.code = v.chain_code
JOIN lead_banks b ON b.chain_id = c.id
WHERE NOT EXISTS (SELECT 1 FROM financing_products p WHERE p.bank_id = b.id AND p.name = v.name);

-- Legal teams: one firm per chain (fictional firms).
INSERT INTO law_firms (chain_id, name, address, phone, note, demo)
SELECT c.id, v.name, v.address, v.phone, v.note, true
FROM (VALUES
	('auto-parts', '山东齐衡律师事务所', '淄博市张店区演示大道100号', '0533-00000141', '汽车部件产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('polyurethane', '山东明正律师事务所', '淄博市张店区演示大道101号', '0533-00000142', '聚氨酯产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('fluorosilicone', '山东鲁信律师事务所', '淄博市张店区演示大道102号', '0533-00000143', '氟硅材料产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('new-metal-materials', '山东致远律师事务所', '淄博市张店区演示大道103号', '0533-00000144', '金属新材料产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('smart-equipment', '山东博瑞律师事务所', '淄博市张店区演示大道104号', '0533-00000145', '智能装备产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('next-gen-it', '山东恒德律师事务所', '淄博市张店区演示大道105号', '0533-00000146', '新一代信息技术产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('new-medicine', '山东正源律师事务所', '淄博市张店区演示大道106号', '0533-00000147', '新医药产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('high-end-chemicals', '山东汇诚律师事务所', '淄博市张店区演示大道107号', '0533-00000148', '高端化工产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('ceramics-glass', '山东同心律师事务所', '淄博市张店区演示大道108号', '0533-00000149', '陶瓷琉璃产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('medical-devices', '山东启明律师事务所', '淄博市张店区演示大道109号', '0533-00000150', '医疗器械产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('new-energy', '山东睿法律师事务所', '淄博市张店区演示大道110号', '0533-00000151', '新能源产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('integrated-circuits', '山东中晟律师事务所', '淄博市张店区演示大道111号', '0533-00000152', '集成电路产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('energy-saving', '山东诚丰律师事务所', '淄博市张店区演示大道112号', '0533-00000153', '节能环保产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('green-building-materials', '山东衡平律师事务所', '淄博市张店区演示大道113号', '0533-00000154', '绿色建材产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('textiles-apparel', '山东立言律师事务所', '淄博市张店区演示大道114号', '0533-00000155', '纺织服装产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('food-processing', '山东弘毅律师事务所', '淄博市张店区演示大道115号', '0533-00000156', '食品加工产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('modern-logistics', '山东知行律师事务所', '淄博市张店区演示大道116号', '0533-00000157', '现代物流产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('culture-tourism', '山东守正律师事务所', '淄博市张店区演示大道117号', '0533-00000158', '文化旅游产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('refractories', '山东安和律师事务所', '淄博市张店区演示大道118号', '0533-00000159', '耐火材料产业链法律服务团成员单位。（演示数据：虚构律所）'),
	('energy-storage', '山东文衡律师事务所', '淄博市张店区演示大道119号', '0533-00000160', '储能产业链法律服务团成员单位。（演示数据：虚构律所）')
) AS v(chain_code, name, address, phone, note)
JOIN chains c ON c.code = v.chain_code
ON CONFLICT (chain_id, name) DO NOTHING;

-- Two lawyers per firm.
INSERT INTO lawyers (firm_id, name, speciality, phone, email, sort_order, demo)
SELECT f.id, v.name, v.speciality, v.phone, v.email, v.sort_order, true
FROM (VALUES
	('auto-parts', '山东齐衡律师事务所', '李晓东', '合同审查与商事纠纷', '0533-00000161', 'lawyer001@example.com', 1),
	('auto-parts', '山东齐衡律师事务所', '张秋菊', '劳动用工合规', '0533-00000162', 'lawyer002@example.com', 2),
	('polyurethane', '山东明正律师事务所', '蒋俊峰', '知识产权保护', '0533-00000163', 'lawyer003@example.com', 1),
	('polyurethane', '山东明正律师事务所', '常振华', '企业投融资与并购', '0533-00000164', 'lawyer004@example.com', 2),
	('fluorosilicone', '山东鲁信律师事务所', '陈晓峰', '安全生产与环保合规', '0533-00000165', 'lawyer005@example.com', 1),
	('fluorosilicone', '山东鲁信律师事务所', '莫佳琪', '债权回收与破产重整', '0533-00000166', 'lawyer006@example.com', 2),
	('new-metal-materials', '山东致远律师事务所', '武世平', '合同审查与商事纠纷', '0533-00000167', 'lawyer007@example.com', 1),
	('new-metal-materials', '山东致远律师事务所', '段思远', '劳动用工合规', '0533-00000168', 'lawyer008@example.com', 2),
	('smart-equipment', '山东博瑞律师事务所', '林雪梅', '知识产权保护', '0533-00000169', 'lawyer009@example.com', 1),
	('smart-equipment', '山东博瑞律师事务所', '闫文博', '企业投融资与并购', '0533-00000170', 'lawyer010@example.com', 2),
	('next-gen-it', '山东恒德律师事务所', '胡明远', '安全生产与环保合规', '0533-00000171', 'lawyer011@example.com', 1),
	('next-gen-it', '山东恒德律师事务所', '韩梦瑶', '债权回收与破产重整', '0533-00000172', 'lawyer012@example.com', 2),
	('new-medicine', '山东正源律师事务所', '梁亚楠', '合同审查与商事纠纷', '0533-00000173', 'lawyer013@example.com', 1),
	('new-medicine', '山东正源律师事务所', '姚雪梅', '劳动用工合规', '0533-00000174', 'lawyer014@example.com', 2),
	('high-end-chemicals', '山东汇诚律师事务所', '易德胜', '知识产权保护', '0533-00000175', 'lawyer015@example.com', 1),
	('high-end-chemicals', '山东汇诚律师事务所', '潘鹏飞', '企业投融资与并购', '0533-00000176', 'lawyer016@example.com', 2),
	('ceramics-glass', '山东同心律师事务所', '冯丽华', '安全生产与环保合规', '0533-00000177', 'lawyer017@example.com', 1),
	('ceramics-glass', '山东同心律师事务所', '周俊峰', '债权回收与破产重整', '0533-00000178', 'lawyer018@example.com', 2),
	('medical-devices', '山东启明律师事务所', '黎爱华', '合同审查与商事纠纷', '0533-00000179', 'lawyer019@example.com', 1),
	('medical-devices', '山东启明律师事务所', '向秋菊', '劳动用工合规', '0533-00000180', 'lawyer020@example.com', 2),
	('new-energy', '山东睿法律师事务所', '欧家豪', '知识产权保护', '0533-00000181', 'lawyer021@example.com', 1),
	('new-energy', '山东睿法律师事务所', '钱振华', '企业投融资与并购', '0533-00000182', 'lawyer022@example.com', 2),
	('integrated-circuits', '山东中晟律师事务所', '白志强', '安全生产与环保合规', '0533-00000183', 'lawyer023@example.com', 1),
	('integrated-circuits', '山东中晟律师事务所', '于淑芬', '债权回收与破产重整', '0533-00000184', 'lawyer024@example.com', 2),
	('energy-saving', '山东诚丰律师事务所', '韩学军', '合同审查与商事纠纷', '0533-00000185', 'lawyer025@example.com', 1),
	('energy-saving', '山东诚丰律师事务所', '邹雪梅', '劳动用工合规', '0533-00000186', 'lawyer026@example.com', 2),
	('green-building-materials', '山东衡平律师事务所', '尹婷婷', '知识产权保护', '0533-00000187', 'lawyer027@example.com', 1),
	('green-building-materials', '山东衡平律师事务所', '林家豪', '企业投融资与并购', '0533-00000188', 'lawyer028@example.com', 2),
	('textiles-apparel', '山东立言律师事务所', '董玉兰', '安全生产与环保合规', '0533-00000189', 'lawyer029@example.com', 1),
	('textiles-apparel', '山东立言律师事务所', '何家豪', '债权回收与破产重整', '0533-00000190', 'lawyer030@example.com', 2),
	('food-processing', '山东弘毅律师事务所', '熊爱华', '合同审查与商事纠纷', '0533-00000191', 'lawyer031@example.com', 1),
	('food-processing', '山东弘毅律师事务所', '闫淑芬', '劳动用工合规', '0533-00000192', 'lawyer032@example.com', 2),
	('modern-logistics', '山东知行律师事务所', '周世平', '知识产权保护', '0533-00000193', 'lawyer033@example.com', 1),
	('modern-logistics', '山东知行律师事务所', '吴晓峰', '企业投融资与并购', '0533-00000194', 'lawyer034@example.com', 2),
	('culture-tourism', '山东守正律师事务所', '蔡天宇', '安全生产与环保合规', '0533-00000195', 'lawyer035@example.com', 1),
	('culture-tourism', '山东守正律师事务所', '常晓琳', '债权回收与破产重整', '0533-00000196', 'lawyer036@example.com', 2),
	('refractories', '山东安和律师事务所', '向庆丰', '合同审查与商事纠纷', '0533-00000197', 'lawyer037@example.com', 1),
	('refractories', '山东安和律师事务所', '蔡成林', '劳动用工合规', '0533-00000198', 'lawyer038@example.com', 2),
	('energy-storage', '山东文衡律师事务所', '林德胜', '知识产权保护', '0533-00000199', 'lawyer039@example.com', 1),
	('energy-storage', '山东文衡律师事务所', '黄晓东', '企业投融资与并购', '0533-00000200', 'lawyer040@example.com', 2)
) AS v(chain_code, firm_name, name, speciality, phone, email, sort_order)
JOIN chains c ON c.code = v.chain_code
JOIN law_firms f ON f.chain_id = c.id AND f.name = v.firm_name
WHERE NOT EXISTS (SELECT 1 FROM lawyers l WHERE l.firm_id = f.id AND l.name = v.name);

-- Policies: two or three per chain, a few citywide (no policy_chains row),
-- one expired.  body_html is what md.c renders for body_md.
INSERT INTO policies (title, issuer, ref_number, effective_on, expires_on, apply_from, apply_until,
    districts, size_classes, required_tags, excluded_tags, key_enterprise_only, benefit_summary,
    body_md, body_html, demo)
SELECT v.title, v.issuer, v.ref_number, v.effective_on::date, v.expires_on::date, v.apply_from::date,
    v.apply_until::date, v.districts, v.size_classes, v.required_tags, v.excluded_tags,
    v.key_enterprise_only, v.benefit_summary, v.body_md, v.body_html, true
FROM (VALUES
	('汽车部件产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕1号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：汽车部件产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：汽车部件产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('汽车部件产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕2号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：汽车部件产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：汽车部件产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('汽车部件产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕3号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：汽车部件产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：汽车部件产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('聚氨酯产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕4号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：聚氨酯产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：聚氨酯产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('聚氨酯产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕5号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：聚氨酯产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：聚氨酯产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('氟硅材料产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕6号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：氟硅材料产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：氟硅材料产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('氟硅材料产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕7号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：氟硅材料产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：氟硅材料产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('氟硅材料产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕8号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：氟硅材料产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：氟硅材料产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('金属新材料产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕9号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：金属新材料产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：金属新材料产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('金属新材料产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕10号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：金属新材料产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：金属新材料产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('智能装备产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕11号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：智能装备产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：智能装备产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('智能装备产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕12号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：智能装备产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：智能装备产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('智能装备产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕13号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：智能装备产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：智能装备产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新一代信息技术产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕14号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新一代信息技术产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新一代信息技术产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新一代信息技术产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕15号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新一代信息技术产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新一代信息技术产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新医药产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕16号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新医药产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新医药产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新医药产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕17号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新医药产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新医药产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新医药产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕18号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新医药产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新医药产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('高端化工产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕19号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：高端化工产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：高端化工产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('高端化工产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕20号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：高端化工产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：高端化工产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('陶瓷琉璃产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕21号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：陶瓷琉璃产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：陶瓷琉璃产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('陶瓷琉璃产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕22号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：陶瓷琉璃产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：陶瓷琉璃产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('陶瓷琉璃产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕23号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：陶瓷琉璃产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：陶瓷琉璃产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('医疗器械产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕24号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：医疗器械产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：医疗器械产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('医疗器械产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕25号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：医疗器械产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：医疗器械产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新能源产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕26号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新能源产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新能源产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新能源产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕27号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新能源产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新能源产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('新能源产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕28号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：新能源产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：新能源产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('集成电路产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕29号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：集成电路产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：集成电路产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('集成电路产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕30号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：集成电路产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：集成电路产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('节能环保产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕31号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：节能环保产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：节能环保产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('节能环保产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕32号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：节能环保产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：节能环保产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('节能环保产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕33号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：节能环保产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：节能环保产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('绿色建材产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕34号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：绿色建材产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：绿色建材产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('绿色建材产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕35号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：绿色建材产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：绿色建材产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('纺织服装产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕36号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：纺织服装产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：纺织服装产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('纺织服装产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕37号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：纺织服装产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：纺织服装产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('纺织服装产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕38号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：纺织服装产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：纺织服装产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('食品加工产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕39号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：食品加工产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：食品加工产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('食品加工产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕40号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：食品加工产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：食品加工产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('现代物流产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕41号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：现代物流产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：现代物流产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('现代物流产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕42号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：现代物流产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：现代物流产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('现代物流产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕43号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：现代物流产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：现代物流产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('文化旅游产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕44号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：文化旅游产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：文化旅游产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('文化旅游产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕45号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：文化旅游产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：文化旅游产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('耐火材料产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕46号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：耐火材料产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：耐火材料产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('耐火材料产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕47号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：耐火材料产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：耐火材料产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('耐火材料产业链链主企业协同配套奖励', '淄博市发展和改革委员会', '淄演〔2026〕48号', '2026-01-01', '2026-12-31', NULL, NULL, '{}'::text[], ARRAY['large', 'medium']::text[], ARRAY['规上企业']::text[], '{}'::text[], true, '链主企业采购本市配套产品年度新增额超过5000万元的，按新增额1%奖励，最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：耐火材料产业链重点企业（链主企业）。

**支持内容**：

- 按本地配套采购新增额的1%给予奖励
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：耐火材料产业链重点企业（链主企业）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按本地配套采购新增额的1%给予奖励</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('博山淄川耐火材料企业绿色化改造补助', '淄博市工业和信息化局', '淄演〔2026〕49号', '2026-01-01', '2027-06-30', NULL, NULL, ARRAY['博山区', '淄川区']::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '对完成窑炉节能改造并通过验收的企业，按改造投资额10%给予补助，最高150万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：博山区、淄川区的耐火材料企业。

**支持内容**：

- 窑炉节能改造按投资额10%补助
- 单户企业最高150万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：博山区、淄川区的耐火材料企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>窑炉节能改造按投资额10%补助</li>
<li>单户企业最高150万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('储能产业链企业技术改造奖补办法', '淄博市工业和信息化局', '淄演〔2026〕50号', '2026-01-01', '2027-12-31', '2026-03-01', '2026-12-31', '{}'::text[], '{}'::text[], '{}'::text[], '{}'::text[], false, '设备投资500万元以上的技改项目，按设备投资额8%给予奖补，单个项目最高200万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：储能产业链上年度完成技术改造投资的企业。

**支持内容**：

- 按设备投资额的8%给予奖补
- 单个项目奖补最高200万元
- 智能化改造项目优先支持

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：储能产业链上年度完成技术改造投资的企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>按设备投资额的8%给予奖补</li>
<li>单个项目奖补最高200万元</li>
<li>智能化改造项目优先支持</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('储能产业链专精特新企业培育支持措施', '淄博市工业和信息化局', '淄演〔2026〕51号', '2026-01-01', '2028-12-31', NULL, NULL, '{}'::text[], ARRAY['medium', 'small', 'micro']::text[], ARRAY['专精特新']::text[], ARRAY['上市企业']::text[], false, '新认定省级专精特新企业奖励20万元，国家级专精特新“小巨人”企业奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：储能产业链上经认定的专精特新中小企业。

**支持内容**：

- 省级专精特新中小企业一次性奖励20万元
- 国家级专精特新“小巨人”企业一次性奖励50万元
- 优先推荐参加“政策直通车”专场活动

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：储能产业链上经认定的专精特新中小企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级专精特新中小企业一次性奖励20万元</li>
<li>国家级专精特新“小巨人”企业一次性奖励50万元</li>
<li>优先推荐参加“政策直通车”专场活动</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('科技型中小企业研发费用后补助', '淄博市科学技术局', '淄演〔2026〕52号', '2026-01-01', '2027-12-31', '2026-04-01', '2026-12-31', '{}'::text[], '{}'::text[], ARRAY['科技型中小企业']::text[], ARRAY['上市企业']::text[], false, '研发费用年度增量部分按10%给予后补助，单户最高100万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：全市科技型中小企业（上市企业除外）。

**支持内容**：

- 研发费用年度增量部分按10%给予后补助
- 单户企业最高100万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：全市科技型中小企业（上市企业除外）。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>研发费用年度增量部分按10%给予后补助</li>
<li>单户企业最高100万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('绿色工厂创建奖励', '淄博市工业和信息化局', '淄演〔2026〕53号', '2026-01-01', '2027-12-31', NULL, NULL, '{}'::text[], '{}'::text[], ARRAY['绿色工厂']::text[], '{}'::text[], false, '省级绿色工厂奖励30万元，国家级奖励50万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：全市新认定的省级及以上绿色工厂。

**支持内容**：

- 省级绿色工厂一次性奖励30万元
- 国家级绿色工厂一次性奖励50万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：全市新认定的省级及以上绿色工厂。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>省级绿色工厂一次性奖励30万元</li>
<li>国家级绿色工厂一次性奖励50万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('功能区小微企业首贷贴息', '淄博市地方金融监督管理局', '淄演〔2026〕54号', '2026-01-01', '2026-12-31', NULL, NULL, ARRAY['高新区', '经济开发区']::text[], ARRAY['small', 'micro']::text[], '{}'::text[], '{}'::text[], false, '首次贷款利息补贴50%，单户最高20万元。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：高新区、经济开发区内的小微企业。

**支持内容**：

- 首贷贴息50%
- 单户贴息最高20万元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：高新区、经济开发区内的小微企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>首贷贴息50%</li>
<li>单户贴息最高20万元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
'),
	('2025年度工业企业稳增长用电补贴', '淄博市工业和信息化局', '淄演〔2026〕55号', '2025-01-01', '2025-12-31', NULL, NULL, '{}'::text[], '{}'::text[], ARRAY['规上企业']::text[], '{}'::text[], false, '2025年用电增量部分每千瓦时补贴0.03元（已到期，用于演示失效政策）。', '> 演示数据：本政策为虚构示例，不具有政策效力。

**支持对象**：全市规模以上工业企业。

**支持内容**：

- 用电增量部分每千瓦时补贴0.03元

**申报方式**：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。
', '<blockquote>
<p>演示数据：本政策为虚构示例，不具有政策效力。</p>
</blockquote>
<p><strong>支持对象</strong>：全市规模以上工业企业。</p>
<p><strong>支持内容</strong>：</p>
<ul>
<li>用电增量部分每千瓦时补贴0.03元</li>
</ul>
<p><strong>申报方式</strong>：通过红链平台“政策对接包”提交申报意向，由产业链政策联系人辅导申报。</p>
')
) AS v(title, issuer, ref_number, effective_on, expires_on, apply_from, apply_until, districts,
    size_classes, required_tags, excluded_tags, key_enterprise_only, benefit_summary, body_md, body_html)
WHERE NOT EXISTS (SELECT 1 FROM policies p WHERE p.title = v.title);

INSERT INTO policy_chains (policy_id, chain_id)
SELECT p.id, c.id
FROM (VALUES
	('汽车部件产业链企业技术改造奖补办法', 'auto-parts'),
	('汽车部件产业链专精特新企业培育支持措施', 'auto-parts'),
	('汽车部件产业链链主企业协同配套奖励', 'auto-parts'),
	('聚氨酯产业链企业技术改造奖补办法', 'polyurethane'),
	('聚氨酯产业链专精特新企业培育支持措施', 'polyurethane'),
	('氟硅材料产业链企业技术改造奖补办法', 'fluorosilicone'),
	('氟硅材料产业链专精特新企业培育支持措施', 'fluorosilicone'),
	('氟硅材料产业链链主企业协同配套奖励', 'fluorosilicone'),
	('金属新材料产业链企业技术改造奖补办法', 'new-metal-materials'),
	('金属新材料产业链专精特新企业培育支持措施', 'new-metal-materials'),
	('智能装备产业链企业技术改造奖补办法', 'smart-equipment'),
	('智能装备产业链专精特新企业培育支持措施', 'smart-equipment'),
	('智能装备产业链链主企业协同配套奖励', 'smart-equipment'),
	('新一代信息技术产业链企业技术改造奖补办法', 'next-gen-it'),
	('新一代信息技术产业链专精特新企业培育支持措施', 'next-gen-it'),
	('新医药产业链企业技术改造奖补办法', 'new-medicine'),
	('新医药产业链专精特新企业培育支持措施', 'new-medicine'),
	('新医药产业链链主企业协同配套奖励', 'new-medicine'),
	('高端化工产业链企业技术改造奖补办法', 'high-end-chemicals'),
	('高端化工产业链专精特新企业培育支持措施', 'high-end-chemicals'),
	('陶瓷琉璃产业链企业技术改造奖补办法', 'ceramics-glass'),
	('陶瓷琉璃产业链专精特新企业培育支持措施', 'ceramics-glass'),
	('陶瓷琉璃产业链链主企业协同配套奖励', 'ceramics-glass'),
	('医疗器械产业链企业技术改造奖补办法', 'medical-devices'),
	('医疗器械产业链专精特新企业培育支持措施', 'medical-devices'),
	('新能源产业链企业技术改造奖补办法', 'new-energy'),
	('新能源产业链专精特新企业培育支持措施', 'new-energy'),
	('新能源产业链链主企业协同配套奖励', 'new-energy'),
	('集成电路产业链企业技术改造奖补办法', 'integrated-circuits'),
	('集成电路产业链专精特新企业培育支持措施', 'integrated-circuits'),
	('节能环保产业链企业技术改造奖补办法', 'energy-saving'),
	('节能环保产业链专精特新企业培育支持措施', 'energy-saving'),
	('节能环保产业链链主企业协同配套奖励', 'energy-saving'),
	('绿色建材产业链企业技术改造奖补办法', 'green-building-materials'),
	('绿色建材产业链专精特新企业培育支持措施', 'green-building-materials'),
	('纺织服装产业链企业技术改造奖补办法', 'textiles-apparel'),
	('纺织服装产业链专精特新企业培育支持措施', 'textiles-apparel'),
	('纺织服装产业链链主企业协同配套奖励', 'textiles-apparel'),
	('食品加工产业链企业技术改造奖补办法', 'food-processing'),
	('食品加工产业链专精特新企业培育支持措施', 'food-processing'),
	('现代物流产业链企业技术改造奖补办法', 'modern-logistics'),
	('现代物流产业链专精特新企业培育支持措施', 'modern-logistics'),
	('现代物流产业链链主企业协同配套奖励', 'modern-logistics'),
	('文化旅游产业链企业技术改造奖补办法', 'culture-tourism'),
	('文化旅游产业链专精特新企业培育支持措施', 'culture-tourism'),
	('耐火材料产业链企业技术改造奖补办法', 'refractories'),
	('耐火材料产业链专精特新企业培育支持措施', 'refractories'),
	('耐火材料产业链链主企业协同配套奖励', 'refractories'),
	('博山淄川耐火材料企业绿色化改造补助', 'refractories'),
	('储能产业链企业技术改造奖补办法', 'energy-storage'),
	('储能产业链专精特新企业培育支持措施', 'energy-storage')
) AS v(title, chain_code)
JOIN policies p ON p.title = v.title
JOIN chains c ON c.code = v.chain_code
ON CONFLICT DO NOTHING;

-- Enterprises: fictional, with valid GB 32100-2015 credit codes (district
-- division code in characters 3-8, an MA-style organisation code with its
-- GB 11714 check digit, then the GB 32100 check character).
INSERT INTO enterprises (name, credit_code, district, size_class, tags, key_enterprise,
    party_org_status, address, main_products, employee_count, note, demo)
SELECT v.name, v.credit_code, v.district, v.size_class, v.tags, v.key_enterprise,
    v.party_org_status, v.address, v.main_products, v.employee_count, v.note, true
FROM (VALUES
	('淄博华晟汽车零部件有限公司', '91370303MA01XBBR99', '张店区', 'medium', ARRAY['专精特新', '高新技术企业', '规上企业']::text[], true, 'established', '淄博市张店区演示路1号', '制动盘、轮毂轴承单元', 420, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东鲁齐新能源汽车电驱科技有限公司', '91370303MAA31HF995', '高新区', 'small', ARRAY['科技型中小企业', '高新技术企业']::text[], false, 'joint', '淄博市高新区演示路2号', '驱动电机控制器', 86, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博润聚新材料有限公司', '91370305MA8QU5EU75', '临淄区', 'large', ARRAY['规上企业', '绿色工厂']::text[], true, 'established', '淄博市临淄区演示路3号', '聚醚多元醇、聚氨酯组合料', 1350, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博恒弹聚氨酯制品有限公司', '91370306MAFU4LX00L', '周村区', 'small', ARRAY['专精特新']::text[], false, 'none', '淄博市周村区演示路4号', '聚氨酯弹性体胶辊', 64, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东氟瑞新材料科技有限公司', '91370321MA29LRT52N', '桓台县', 'medium', ARRAY['高新技术企业', '专精特新小巨人', '规上企业']::text[], true, 'established', '淄博市桓台县演示路5号', '含氟精细化学品', 510, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博硅途有机硅有限公司', '91370305MAHHKFXM3P', '临淄区', 'small', ARRAY['科技型中小企业']::text[], false, 'joint', '淄博市临淄区演示路6号', '硅橡胶、硅油', 72, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博轻铝合金科技有限公司', '91370304MAABP9U826', '博山区', 'medium', ARRAY['高新技术企业', '瞪羚企业']::text[], true, 'established', '淄博市博山区演示路7号', '高强铝合金型材', 380, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东粉冶精工股份有限公司', '91370302MAFJ0MQD36', '淄川区', 'medium', ARRAY['单项冠军', '规上企业']::text[], true, 'established', '淄博市淄川区演示路8号', '粉末冶金齿轮、结构件', 640, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博智匠机器人有限公司', '91370303MANTNT341C', '高新区', 'small', ARRAY['专精特新', '科技型中小企业']::text[], false, 'joint', '淄博市高新区演示路9号', '焊接机器人工作站', 95, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博博泵流体设备有限公司', '91370304MAT0RNBU5C', '博山区', 'large', ARRAY['规上企业', '单项冠军', '外贸企业']::text[], true, 'established', '淄博市博山区演示路10号', '真空泵、化工流程泵', 1820, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博云链数据科技有限公司', '91370303MAW8LU5G1J', '张店区', 'small', ARRAY['科技型中小企业']::text[], false, 'none', '淄博市张店区演示路11号', '工业互联网平台', 58, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东齐芯电子元件有限公司', '91370303MA79G7JU0M', '高新区', 'medium', ARRAY['高新技术企业']::text[], false, 'established', '淄博市高新区演示路12号', '片式电感、滤波器', 460, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博康源制药有限公司', '91370303MAR2BTEB61', '高新区', 'large', ARRAY['规上企业', '高新技术企业', '绿色工厂']::text[], true, 'established', '淄博市高新区演示路13号', '化学原料药及制剂', 2100, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博本草堂中药饮片有限公司', '91370323MALR75YE27', '沂源县', 'small', ARRAY['科技型中小企业']::text[], false, 'joint', '淄博市沂源县演示路14号', '中药饮片', 120, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博齐润精细化工有限公司', '91370305MA6L85E97Q', '临淄区', 'medium', ARRAY['规上企业', '绿色工厂']::text[], true, 'established', '淄博市临淄区演示路15号', '表面活性剂、助剂', 530, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博瓷韵陶瓷科技有限公司', '91370302MAM4J7CE4D', '淄川区', 'small', ARRAY['专精特新']::text[], false, 'joint', '淄博市淄川区演示路16号', '高档日用细瓷', 150, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博琉光艺术琉璃有限公司', '91370304MAAFPYUW0N', '博山区', 'micro', '{}'::text[], false, 'none', '淄博市博山区演示路17号', '琉璃工艺品', 18, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东康护医疗器械有限公司', '91370303MAYQB20Q0N', '高新区', 'medium', ARRAY['高新技术企业', '专精特新']::text[], false, 'established', '淄博市高新区演示路18号', '一次性医用耗材', 340, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博光合新能源科技有限公司', '91370322MAEE13AP7H', '高青县', 'medium', ARRAY['高新技术企业', '规上企业']::text[], false, 'joint', '淄博市高青县演示路19号', '光伏组件', 290, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博氢源动力科技有限公司', '91370303MATEAK546H', '经济开发区', 'small', ARRAY['科技型中小企业', '瞪羚企业']::text[], false, 'none', '淄博市经济开发区演示路20号', '燃料电池系统', 76, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博芯封微电子有限公司', '91370303MABMCYT93Q', '高新区', 'small', ARRAY['专精特新', '科技型中小企业']::text[], false, 'joint', '淄博市高新区演示路21号', '功率器件封装测试', 130, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博净界环保设备有限公司', '91370306MACJQ4R866', '周村区', 'small', ARRAY['高新技术企业']::text[], false, 'none', '淄博市周村区演示路22号', '除尘脱硝设备', 88, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博筑绿新型建材有限公司', '91370321MA755WC72F', '桓台县', 'medium', ARRAY['绿色工厂', '规上企业']::text[], false, 'established', '淄博市桓台县演示路23号', '蒸压加气混凝土板', 260, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博锦绣丝绸家纺有限公司', '91370306MA0AGLQL8R', '周村区', 'small', ARRAY['外贸企业']::text[], false, 'joint', '淄博市周村区演示路24号', '丝绸面料、家纺制品', 140, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('山东齐味食品有限公司', '91370322MAM60G4YXP', '高青县', 'medium', ARRAY['规上企业']::text[], true, 'established', '淄博市高青县演示路25号', '预制菜、肉制品', 450, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博沂源果业发展有限公司', '91370323MA3JPG448U', '沂源县', 'small', '{}'::text[], false, 'none', '淄博市沂源县演示路26号', '苹果汁、果脯深加工', 66, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博通达供应链管理有限公司', '91370303MAFP2BYT12', '经济开发区', 'medium', '{}'::text[], false, 'joint', '淄博市经济开发区演示路27号', '多式联运、冷链仓储', 310, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博齐风文化旅游发展有限公司', '91370305MAK21M270C', '临淄区', 'small', '{}'::text[], false, 'none', '淄博市临淄区演示路28号', '齐文化研学旅游', 35, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博耐高温材料股份有限公司', '91370304MA9W02NX4N', '博山区', 'large', ARRAY['规上企业', '单项冠军', '高新技术企业', '上市企业']::text[], true, 'established', '淄博市博山区演示路29号', '高铝砖、不定形耐火浇注料', 1560, '演示数据：虚构企业，信用代码仅用于测试校验。'),
	('淄博储能电池科技有限公司', '91370306MA0AK7U48K', '文昌湖区', 'small', ARRAY['科技型中小企业']::text[], false, 'none', '淄博市文昌湖区演示路30号', '储能电池包', 54, '演示数据：虚构企业，信用代码仅用于测试校验。')
) AS v(name, credit_code, district, size_class, tags, key_enterprise, party_org_status, address,
    main_products, employee_count, note)
ON CONFLICT (credit_code) DO NOTHING;

INSERT INTO enterprise_chains (enterprise_id, chain_id, is_primary)
SELECT e.id, c.id, v.is_primary
FROM (VALUES
	('91370303MA01XBBR99', 'auto-parts', true),
	('91370303MAA31HF995', 'auto-parts', true),
	('91370303MAA31HF995', 'energy-storage', false),
	('91370305MA8QU5EU75', 'polyurethane', true),
	('91370306MAFU4LX00L', 'polyurethane', true),
	('91370321MA29LRT52N', 'fluorosilicone', true),
	('91370305MAHHKFXM3P', 'fluorosilicone', true),
	('91370304MAABP9U826', 'new-metal-materials', true),
	('91370302MAFJ0MQD36', 'new-metal-materials', true),
	('91370302MAFJ0MQD36', 'auto-parts', false),
	('91370303MANTNT341C', 'smart-equipment', true),
	('91370304MAT0RNBU5C', 'smart-equipment', true),
	('91370303MAW8LU5G1J', 'next-gen-it', true),
	('91370303MA79G7JU0M', 'next-gen-it', true),
	('91370303MA79G7JU0M', 'integrated-circuits', false),
	('91370303MAR2BTEB61', 'new-medicine', true),
	('91370323MALR75YE27', 'new-medicine', true),
	('91370305MA6L85E97Q', 'high-end-chemicals', true),
	('91370302MAM4J7CE4D', 'ceramics-glass', true),
	('91370304MAAFPYUW0N', 'ceramics-glass', true),
	('91370304MAAFPYUW0N', 'culture-tourism', false),
	('91370303MAYQB20Q0N', 'medical-devices', true),
	('91370322MAEE13AP7H', 'new-energy', true),
	('91370303MATEAK546H', 'new-energy', true),
	('91370303MATEAK546H', 'energy-storage', false),
	('91370303MABMCYT93Q', 'integrated-circuits', true),
	('91370306MACJQ4R866', 'energy-saving', true),
	('91370321MA755WC72F', 'green-building-materials', true),
	('91370306MA0AGLQL8R', 'textiles-apparel', true),
	('91370322MAM60G4YXP', 'food-processing', true),
	('91370323MA3JPG448U', 'food-processing', true),
	('91370303MAFP2BYT12', 'modern-logistics', true),
	('91370305MAK21M270C', 'culture-tourism', true),
	('91370304MA9W02NX4N', 'refractories', true),
	('91370306MA0AK7U48K', 'energy-storage', true)
) AS v(credit_code, chain_code, is_primary)
JOIN enterprises e ON e.credit_code = v.credit_code
JOIN chains c ON c.code = v.chain_code
ON CONFLICT DO NOTHING;

INSERT INTO enterprise_contacts (enterprise_id, name, title, phone, email, is_primary, sort_order, demo)
SELECT e.id, v.name, v.title, v.phone, v.email, v.is_primary, v.sort_order, true
FROM (VALUES
	('91370303MA01XBBR99', '孙海燕', '总经理', '0533-00000201', 'ent001@example.com', true, 1),
	('91370303MA01XBBR99', '汪宏伟', '党支部书记、行政部经理', '0533-00000202', 'ent002@example.com', false, 2),
	('91370303MAA31HF995', '沈立新', '总经理', '0533-00000203', 'ent003@example.com', true, 1),
	('91370305MA8QU5EU75', '段欣然', '总经理', '0533-00000204', 'ent004@example.com', true, 1),
	('91370305MA8QU5EU75', '毛雅琴', '党支部书记、行政部经理', '0533-00000205', 'ent005@example.com', false, 2),
	('91370306MAFU4LX00L', '陈宏伟', '总经理', '0533-00000206', 'ent006@example.com', true, 1),
	('91370321MA29LRT52N', '董振华', '总经理', '0533-00000207', 'ent007@example.com', true, 1),
	('91370321MA29LRT52N', '熊丽华', '党支部书记、行政部经理', '0533-00000208', 'ent008@example.com', false, 2),
	('91370305MAHHKFXM3P', '罗立新', '总经理', '0533-00000209', 'ent009@example.com', true, 1),
	('91370304MAABP9U826', '余金生', '总经理', '0533-00000210', 'ent010@example.com', true, 1),
	('91370304MAABP9U826', '万梦瑶', '党支部书记、行政部经理', '0533-00000211', 'ent011@example.com', false, 2),
	('91370302MAFJ0MQD36', '薛若溪', '总经理', '0533-00000212', 'ent012@example.com', true, 1),
	('91370303MANTNT341C', '袁继承', '总经理', '0533-00000213', 'ent013@example.com', true, 1),
	('91370303MANTNT341C', '毛红霞', '党支部书记、行政部经理', '0533-00000214', 'ent014@example.com', false, 2),
	('91370304MAT0RNBU5C', '石成林', '总经理', '0533-00000215', 'ent015@example.com', true, 1),
	('91370303MAW8LU5G1J', '叶志强', '总经理', '0533-00000216', 'ent016@example.com', true, 1),
	('91370303MAW8LU5G1J', '丁美玲', '党支部书记、行政部经理', '0533-00000217', 'ent017@example.com', false, 2),
	('91370303MA79G7JU0M', '石鹏飞', '总经理', '0533-00000218', 'ent018@example.com', true, 1),
	('91370303MAR2BTEB61', '武雪梅', '总经理', '0533-00000219', 'ent019@example.com', true, 1),
	('91370303MAR2BTEB61', '严维民', '党支部书记、行政部经理', '0533-00000220', 'ent020@example.com', false, 2),
	('91370323MALR75YE27', '丁佳琪', '总经理', '0533-00000221', 'ent021@example.com', true, 1),
	('91370305MA6L85E97Q', '付广平', '总经理', '0533-00000222', 'ent022@example.com', true, 1),
	('91370305MA6L85E97Q', '郝振华', '党支部书记、行政部经理', '0533-00000223', 'ent023@example.com', false, 2),
	('91370302MAM4J7CE4D', '薛国栋', '总经理', '0533-00000224', 'ent024@example.com', true, 1),
	('91370304MAAFPYUW0N', '邵永刚', '总经理', '0533-00000225', 'ent025@example.com', true, 1),
	('91370304MAAFPYUW0N', '郝佳琪', '党支部书记、行政部经理', '0533-00000226', 'ent026@example.com', false, 2),
	('91370303MAYQB20Q0N', '赵成林', '总经理', '0533-00000227', 'ent027@example.com', true, 1),
	('91370322MAEE13AP7H', '顾佳琪', '总经理', '0533-00000228', 'ent028@example.com', true, 1),
	('91370322MAEE13AP7H', '黎欣然', '党支部书记、行政部经理', '0533-00000229', 'ent029@example.com', false, 2),
	('91370303MATEAK546H', '徐爱华', '总经理', '0533-00000230', 'ent030@example.com', true, 1),
	('91370303MABMCYT93Q', '肖立新', '总经理', '0533-00000231', 'ent031@example.com', true, 1),
	('91370303MABMCYT93Q', '汤振华', '党支部书记、行政部经理', '0533-00000232', 'ent032@example.com', false, 2),
	('91370306MACJQ4R866', '汪维民', '总经理', '0533-00000233', 'ent033@example.com', true, 1),
	('91370321MA755WC72F', '熊士杰', '总经理', '0533-00000234', 'ent034@example.com', true, 1),
	('91370321MA755WC72F', '常亚楠', '党支部书记、行政部经理', '0533-00000235', 'ent035@example.com', false, 2),
	('91370306MA0AGLQL8R', '薛秀英', '总经理', '0533-00000236', 'ent036@example.com', true, 1),
	('91370322MAM60G4YXP', '蒋文博', '总经理', '0533-00000237', 'ent037@example.com', true, 1),
	('91370322MAM60G4YXP', '冯庆丰', '党支部书记、行政部经理', '0533-00000238', 'ent038@example.com', false, 2),
	('91370323MA3JPG448U', '谢宇航', '总经理', '0533-00000239', 'ent039@example.com', true, 1),
	('91370303MAFP2BYT12', '龚国栋', '总经理', '0533-00000240', 'ent040@example.com', true, 1),
	('91370303MAFP2BYT12', '彭家豪', '党支部书记、行政部经理', '0533-00000241', 'ent041@example.com', false, 2),
	('91370305MAK21M270C', '向嘉怡', '总经理', '0533-00000242', 'ent042@example.com', true, 1),
	('91370304MA9W02NX4N', '邓光明', '总经理', '0533-00000243', 'ent043@example.com', true, 1),
	('91370304MA9W02NX4N', '方婷婷', '党支部书记、行政部经理', '0533-00000244', 'ent044@example.com', false, 2),
	('91370306MA0AK7U48K', '罗守信', '总经理', '0533-00000245', 'ent045@example.com', true, 1)
) AS v(credit_code, name, title, phone, email, is_primary, sort_order)
JOIN enterprises e ON e.credit_code = v.credit_code
WHERE NOT EXISTS (SELECT 1 FROM enterprise_contacts x
    WHERE x.enterprise_id = e.id AND x.name = v.name);

-- Policy sessions (政策直通车), fictional.
INSERT INTO events (chain_id, title, topic, organizer, starts_at, ends_at, place, capacity, status, demo)
SELECT c.id, v.title, v.topic || '（演示数据）', v.organizer, v.starts_at::timestamptz, v.ends_at::timestamptz,
    v.place, v.capacity, v.status, true
FROM (VALUES
	('auto-parts', '政策直通车·汽车部件产业链技改政策专场', '解读技术改造奖补与设备更新贷款政策，现场答疑。', '“益企同行”服务队（演示）', '2026-12-03 14:30+08', '2026-12-03 17:00+08', '淄博市张店区演示会议中心一楼报告厅', 80, 'open'),
	(NULL, '政策直通车·科技型中小企业研发费用后补助申报辅导', '全市专场：研发费用归集、后补助申报流程。', '“益企同行”服务队（演示）', '2026-12-10 09:30+08', '2026-12-10 11:30+08', '淄博市高新区演示创业大厦', 120, 'open'),
	('polyurethane', '政策直通车·聚氨酯产业链安全生产与绿色发展专场', '安全生产标准化、绿色工厂创建经验交流。', '“益企同行”服务队（演示）', '2026-10-22 14:00+08', '2026-10-22 16:30+08', '淄博市临淄区演示化工园区服务中心', 60, 'done')
) AS v(chain_code, title, topic, organizer, starts_at, ends_at, place, capacity, status)
LEFT JOIN chains c ON c.code = v.chain_code
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.title = v.title);

-- Published bulletins, fictional: one citywide, one for 汽车部件.
INSERT INTO bulletins (title, body_md, body_html, status, published_at, demo)
SELECT v.title, v.body_md, v.body_html, 'published', v.published_at::timestamptz, true
FROM (VALUES
	('红链平台上线试运行公告（演示）', '演示数据：本简报为虚构示例。

全市20条市级产业链的企业可通过红链平台一口提交诉求，平台按类别分派至专家顾问团、主办银行、法律服务团和政策对接包联系人，并按工作日限时办结。

企业可在“我的诉求”中查看办理进度，办结后请对服务进行评价。
', '<p>演示数据：本简报为虚构示例。</p>
<p>全市20条市级产业链的企业可通过红链平台一口提交诉求，平台按类别分派至专家顾问团、主办银行、法律服务团和政策对接包联系人，并按工作日限时办结。</p>
<p>企业可在“我的诉求”中查看办理进度，办结后请对服务进行评价。</p>
', '2026-11-02 09:00+08', NULL),
	('汽车部件产业链第四季度政策速递（演示）', '演示数据：本简报为虚构示例。

本季度重点推送技术改造奖补、专精特新培育和链主协同配套三项政策，请符合条件的企业关注申报时间。

12月3日将举办汽车部件产业链“政策直通车”技改政策专场，欢迎链上企业报名参加。
', '<p>演示数据：本简报为虚构示例。</p>
<p>本季度重点推送技术改造奖补、专精特新培育和链主协同配套三项政策，请符合条件的企业关注申报时间。</p>
<p>12月3日将举办汽车部件产业链“政策直通车”技改政策专场，欢迎链上企业报名参加。</p>
', '2026-11-16 10:00+08', 'auto-parts')
) AS v(title, body_md, body_html, published_at, chain_code)
WHERE NOT EXISTS (SELECT 1 FROM bulletins b WHERE b.title = v.title);

INSERT INTO bulletin_chains (bulletin_id, chain_id)
SELECT b.id, c.id
FROM (VALUES
	('汽车部件产业链第四季度政策速递（演示）', 'auto-parts')
) AS v(title, chain_code)
JOIN bulletins b ON b.title = v.title
JOIN chains c ON c.code = v.chain_code
ON CONFLICT DO NOTHING;
